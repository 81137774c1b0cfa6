package dev.flemme4j.protocol.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * How raw model outputs become an answer.
 *
 * <ul>
 *   <li>{@code sigmoid_threshold}: one logit channel; foreground where sigmoid(logit) &gt; {@code threshold}
 *       (a probability; 0.5 is logit &gt; 0).</li>
 *   <li>{@code argmax}: one channel per class; the class with the highest logit wins.</li>
 * </ul>
 */
public record Postprocessing(
        @JsonProperty("kind") Kind kind,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("threshold") Double threshold) {

    public enum Kind {
        @JsonProperty("sigmoid_threshold") SIGMOID_THRESHOLD,
        @JsonProperty("argmax") ARGMAX
    }

    public Postprocessing {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.SIGMOID_THRESHOLD) {
            threshold = threshold == null ? 0.5 : threshold;
            if (!(threshold > 0 && threshold < 1)) {
                throw new IllegalArgumentException("sigmoid_threshold threshold must be a probability in (0, 1), got " + threshold);
            }
        } else if (threshold != null) {
            throw new IllegalArgumentException("argmax takes no threshold");
        }
    }

    public static Postprocessing sigmoidThreshold(double probability) {
        return new Postprocessing(Kind.SIGMOID_THRESHOLD, probability);
    }

    public static Postprocessing argmax() {
        return new Postprocessing(Kind.ARGMAX, null);
    }

    /** The threshold moved to logit space, so callers compare logits without computing a sigmoid per pixel. */
    public double logitThreshold() {
        if (kind != Kind.SIGMOID_THRESHOLD) {
            throw new IllegalStateException("only sigmoid_threshold has a threshold");
        }
        return Math.log(threshold / (1 - threshold));
    }
}
