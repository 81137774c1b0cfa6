package dev.flemme4j.protocol.diffusion;

import java.util.Locale;

/** Flemme's {@code beta_schedule}: {@code linear}, and for every other value the cosine schedule. */
public enum BetaSchedule {
    /** {@code β = linspace(1e-4, 0.02, T)} (Ho et al.). */
    LINEAR,
    /** Nichol–Dhariwal: {@code β_i = min(1 − f((i+1)/T)/f(i/T), 0.999)}, {@code f(u) = cos²((u+0.008)/1.008·π/2)}. */
    COSINE;

    /**
     * Upstream tests {@code == 'linear'} only, so {@code cosine}, the configs' {@code consine} and any other
     * spelling select cosine.
     */
    public static BetaSchedule of(String name) {
        return "linear".equals(name) ? LINEAR : COSINE;
    }

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** β_0..β_{T−1} in double precision. */
    double[] betas(int steps) {
        double[] beta = new double[steps];
        if (this == LINEAR) {
            for (int i = 0; i < steps; i++) {
                beta[i] = steps == 1 ? 1e-4 : 1e-4 + (0.02 - 1e-4) * i / (steps - 1);
            }
        } else {
            for (int i = 0; i < steps; i++) {
                beta[i] = Math.min(1 - cosineSquared((i + 1) / (double) steps) / cosineSquared(i / (double) steps), 0.999);
            }
        }
        return beta;
    }

    private static double cosineSquared(double u) {
        double c = Math.cos((u + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }
}
