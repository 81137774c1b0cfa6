package dev.flemme4j.modelzoo.config.encoder;

import java.util.List;

/**
 * Input widths of DNet's stages. DNet (upstream {@code DNetEncoder}/{@code DNetDecoder}) connects stages
 * densely: a stage reads the concatenation of earlier stages' outputs, each resampled to its resolution. The
 * spec (group-count checks) and the encoder/decoder blocks both take their widths from here.
 */
public final class DNetChannels {
    private DNetChannels() {
    }

    /**
     * Down stage i reads the patch map for i = 0; after that, every earlier down stage's output (the last one
     * down-sampled in the main path, the others by their own dense down-sampling): {@code Σ_{j<i} down[j]}.
     */
    public static int downStageInput(int patchChannel, List<Integer> down, int stage) {
        if (stage == 0) {
            return patchChannel;
        }
        return sum(down.subList(0, stage));
    }

    /** The first middle stage reads every down stage's output: {@code Σ down}. */
    public static int middleInput(List<Integer> down) {
        return sum(down);
    }

    /**
     * Up stage i reads, each mapped to {@code up[i]} channels: the n encoder stage outputs, the inputs of the
     * i earlier up stages (the latent, then up stages 0..i-2's outputs) and its own up-sampled input:
     * {@code (n + i + 1) · up[i]}.
     */
    public static int upStageInput(int downStages, List<Integer> up, int stage) {
        return (downStages + stage + 1) * up.get(stage);
    }

    private static int sum(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).sum();
    }
}
