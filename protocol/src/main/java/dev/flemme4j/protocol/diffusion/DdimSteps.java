package dev.flemme4j.protocol.diffusion;

import java.util.List;
import java.util.Locale;

/** DDIM's sub-sequence τ of the training steps ({@code sample_discretize}), as upstream computes it. */
public enum DdimSteps {
    /** {@code τ = range(0, T, T // S) + 1}; has {@code ⌈T / (T//S)⌉} entries, which is S when S divides T. */
    UNIFORM,
    /** {@code τ = int(linspace(0, √(0.8 T), S)²) + 1}. */
    QUAD;

    public static final List<String> NAMES = List.of("uniform", "quad");

    public static DdimSteps of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** τ for {@code T} training steps and {@code S} sampling steps, ascending. */
    public int[] grid(int steps, int sampleSteps) {
        if (sampleSteps < 1 || sampleSteps > steps) {
            throw new IllegalArgumentException("DDIM needs 1 <= sample steps <= num_steps (" + steps + "), found " + sampleSteps);
        }
        if (this == UNIFORM) {
            int stride = steps / sampleSteps;
            int n = (steps + stride - 1) / stride;
            int[] tau = new int[n];
            for (int i = 0; i < n; i++) {
                tau[i] = i * stride + 1;
            }
            return tau;
        }
        double end = Math.sqrt(steps * 0.8);
        double stride = sampleSteps == 1 ? 0 : end / (sampleSteps - 1);
        int[] tau = new int[sampleSteps];
        for (int i = 0; i < sampleSteps; i++) {
            // numpy's linspace: i·stride, with the last point exactly the end
            double u = i == sampleSteps - 1 && sampleSteps > 1 ? end : i * stride;
            tau[i] = (int) (u * u) + 1;
        }
        return tau;
    }
}
