package dev.flemme4j.modelzoo;

import dev.flemme4j.modelzoo.config.context.ModelContextSpec;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
import dev.flemme4j.modelzoo.config.loss.LossReduction;
import java.util.List;

/**
 * A parsed, validated {@code model:} section. Pure data: building one needs no native engine, so the
 * coordinator can validate jobs with {@link ModelSpecs#parse}.
 */
public interface ModelSpec {
    /** Name of the image input, the first network input. */
    String INPUT = "input";
    /** Name of the time-step input {@code (B,)}, float. */
    String TIME_STEP = "t";
    /** Name of the condition input. */
    String CONDITION = "c";

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

    /** Time step and condition the model takes besides its input (Base features); none by default. */
    default ModelContextSpec context() {
        return ModelContextSpec.NONE;
    }

    /** Network inputs in forward order: {@code input}, then {@code t} and/or {@code c} when taken. */
    default List<String> inputNames() {
        List<String> names = new java.util.ArrayList<>(List.of(INPUT));
        names.addAll(context().extraInputs());
        return List.copyOf(names);
    }

    /**
     * Shape of one network input: {@link #inputShape(int)} for {@code input}, {@code (batch)} for {@code t},
     * {@code (batch, *condition)} for {@code c} (as its embedders read it).
     */
    default long[] inputShape(String name, int batch) {
        switch (name) {
            case INPUT -> {
                return inputShape(batch);
            }
            case TIME_STEP -> {
                return new long[] {batch};
            }
            case CONDITION -> {
                if (context().conditional()) {
                    List<Integer> c = context().condition().inputShape();
                    long[] shape = new long[1 + c.size()];
                    shape[0] = batch;
                    for (int i = 0; i < c.size(); i++) {
                        shape[1 + i] = c.get(i);
                    }
                    return shape;
                }
                throw new IllegalArgumentException(name() + " takes no condition");
            }
            default -> throw new IllegalArgumentException("unknown input '" + name + "'; " + name() + " takes " + inputNames());
        }
    }

    /** Channels-first input shape {@code (batch, in_channel, *image_size)}; point clouds {@code (batch, point_num, in_channel)}. */
    default long[] inputShape(int batch) {
        if (encoder().pointCloud()) {
            return new long[] {batch, encoder().points().pointNum(), encoder().inChannel()};
        }
        List<Integer> size = encoder().imageSize();
        long[] shape = new long[2 + size.size()];
        shape[0] = batch;
        shape[1] = encoder().inChannel();
        for (int i = 0; i < size.size(); i++) {
            shape[2 + i] = size.get(i);
        }
        return shape;
    }

    /**
     * Channels-first shape of the first output; image models: {@code (batch, out_channel, *image_size)}, point clouds
     * channels-last {@code (batch, point_num, out_channel)}.
     */
    default long[] outputShape(int batch) {
        long[] shape = inputShape(batch);
        if (encoder().pointCloud()) {
            shape[1] = encoder().points().outputPoints((int) shape[1]);
            shape[2] = encoder().outChannel();
            return shape;
        }
        shape[1] = encoder().outChannel();
        return shape;
    }
}
