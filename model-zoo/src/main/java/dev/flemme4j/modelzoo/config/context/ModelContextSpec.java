package dev.flemme4j.modelzoo.config.context;

import java.util.List;

/**
 * The context a Base model can take besides its input: a time step {@code t} and a condition {@code c}.
 *
 * @param time      the time-step embedding ({@link TimeEmbeddingSpec#NONE} for none)
 * @param condition the condition embedding, or null
 * @param takesTime whether the forward pass reads {@code t}: only Base does (upstream's SeM and AE forward only
 *                  {@code x, c}, so their time layers, though built and counted, stay unused)
 */
public record ModelContextSpec(TimeEmbeddingSpec time, ConditionEmbeddingSpec condition, boolean takesTime) {
    public static final ModelContextSpec NONE = new ModelContextSpec(TimeEmbeddingSpec.NONE, null, false);

    public boolean conditional() {
        return condition != null;
    }

    /** Whether anything is configured at all. */
    public boolean present() {
        return time.present() || condition != null;
    }

    /** Names of the extra forward inputs in order: {@code t} (when read), then {@code c} (when conditional). */
    public List<String> extraInputs() {
        if (takesTime && conditional()) {
            return List.of("t", "c");
        }
        if (takesTime) {
            return List.of("t");
        }
        return conditional() ? List.of("c") : List.of();
    }
}
