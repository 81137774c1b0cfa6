package dev.flemme4j.modelzoo.encoder.pointcloud;

import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.encoder.ImageEncoderNetwork;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.List;

/**
 * A point-cloud encoder as the architectures see encoders: {@code (B, N, D) → [latent]}. The architectures
 * are written against {@link ImageEncoderNetwork}; the point-cloud blocks keep their single-output form.
 */
public final class PointEncoderNetwork extends SingleNetworkAdapter implements ImageEncoderNetwork {
    public PointEncoderNetwork(NetworkBlock net) {
        super(net);
    }

    @Override
    public List<String> exportOnnx(OnnxGraphBuilder g, String input) {
        return List.of(net.exportOnnx(g, input));
    }
}
