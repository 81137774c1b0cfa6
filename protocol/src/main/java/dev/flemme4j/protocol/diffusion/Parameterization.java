package dev.flemme4j.protocol.diffusion;

import java.util.List;
import java.util.Locale;

/** What the eps-model predicts ({@code parameterization}): the noise ε, the velocity v, or the clean sample x0. */
public enum Parameterization {
    EPSILON, VELOCITY, START;

    public static final List<String> NAMES = List.of("epsilon", "velocity", "start");

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Parameterization of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /**
     * ε̂ from the model output at ᾱ = {@code ab}: v gives {@code √ᾱ v + √(1−ᾱ) x_t}, x0 gives
     * {@code (x_t − √ᾱ x0)/√(1−ᾱ)}.
     */
    double epsilon(double out, double xt, double ab) {
        return switch (this) {
            case EPSILON -> out;
            case VELOCITY -> Math.sqrt(ab) * out + Math.sqrt(1 - ab) * xt;
            case START -> (xt - Math.sqrt(ab) * out) / Math.sqrt(1 - ab);
        };
    }
}
