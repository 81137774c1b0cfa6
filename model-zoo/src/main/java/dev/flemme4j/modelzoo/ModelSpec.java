package dev.flemme4j.modelzoo;

import dev.flemme4j.modelzoo.config.ImageEncoderSpec;
import dev.flemme4j.modelzoo.config.LossReduction;
import java.util.List;

/**
 * A parsed, validated {@code model:} section. Pure data: building one needs no native engine, so the
 * coordinator can validate jobs with {@link ModelSpecs#parse}.
 */
public sealed interface ModelSpec permits SegmentationModelSpec, HierarchicalModelSpec, AutoEncoderModelSpec,
        VariationalModelSpec, ClassificationModelSpec {
    /** The architecture name as in YAML, e.g. {@code SeM}. */
    String name();

    ImageEncoderSpec encoder();

    /** Names of the network outputs in order, e.g. {@code [seg_logits]}; the first is the one exported to ONNX. */
    List<String> outputNames();

    /** What the first output means. */
    ModelTask task();

    /** What the training loss compares the first output with. */
    default LossTarget lossTarget() {
        return LossTarget.LABEL;
    }

    LossReduction lossReduction();

    /** Channels-first input shape {@code (batch, in_channel, *image_size)}. */
    default long[] inputShape(int batch) {
        List<Integer> size = encoder().imageSize();
        long[] shape = new long[2 + size.size()];
        shape[0] = batch;
        shape[1] = encoder().inChannel();
        for (int i = 0; i < size.size(); i++) {
            shape[2 + i] = size.get(i);
        }
        return shape;
    }

    /** Channels-first shape of the first output; image models: {@code (batch, out_channel, *image_size)}. */
    default long[] outputShape(int batch) {
        long[] shape = inputShape(batch);
        shape[1] = encoder().outChannel();
        return shape;
    }
}
