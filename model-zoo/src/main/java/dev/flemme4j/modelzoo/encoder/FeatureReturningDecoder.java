package dev.flemme4j.modelzoo.encoder;

import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.List;

/**
 * An image decoder that can also return the output of each up stage (upstream {@code return_feature_list}),
 * which hierarchical models (HSeM, HAE) turn into their coarse-to-fine maps.
 */
public interface FeatureReturningDecoder extends ImageDecoderNetwork {
    /** From now on, return the image then every up stage's output. Call before initialisation. */
    FeatureReturningDecoder returningFeatures();

    /** The image output name first, then the up-stage feature names. */
    List<String> exportOnnxWithFeatures(OnnxGraphBuilder graph, List<String> encoderOutputs);
}
