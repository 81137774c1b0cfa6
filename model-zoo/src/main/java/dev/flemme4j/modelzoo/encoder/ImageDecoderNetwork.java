package dev.flemme4j.modelzoo.encoder;

import ai.djl.nn.Block;
import dev.flemme4j.modelzoo.block.Described;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.List;

/** An image decoder block: the encoder's NDList {@code [latent, skips...] → (B, out, *image)}. */
public interface ImageDecoderNetwork extends Block, Described {
    /** Appends the decoder to the graph, consuming the encoder's outputs; returns the output name. */
    String exportOnnx(OnnxGraphBuilder graph, List<String> encoderOutputs);
}
