package dev.flemme4j.modelzoo.encoder;

import ai.djl.nn.Block;
import dev.flemme4j.modelzoo.block.Described;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.List;

/**
 * An image encoder block: {@code (B, in, *image) → NDList[latent, skip features...]}; non-U encoders return
 * the latent only.
 */
public interface ImageEncoderNetwork extends Block, Described {
    /** Appends the encoder to the graph; returns the names of the latent and the skip features, in output order. */
    List<String> exportOnnx(OnnxGraphBuilder graph, String input);
}
