package dev.flemme4j.modelzoo.encoder.pointcloud;

import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.encoder.ImageDecoderNetwork;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.List;

/** A single-input point-cloud decoder as the architectures see decoders: {@code [latent] → (B, N, out)}. */
public final class PointDecoderNetwork extends SingleNetworkAdapter implements ImageDecoderNetwork {
    public PointDecoderNetwork(NetworkBlock net) {
        super(net);
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, List<String> encoderOutputs) {
        return net.exportOnnx(g, encoderOutputs.get(0));
    }
}
