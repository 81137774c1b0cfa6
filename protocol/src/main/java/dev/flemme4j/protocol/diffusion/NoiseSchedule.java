package dev.flemme4j.protocol.diffusion;

/**
 * The constants of a discrete diffusion process with {@code T} steps: β, α = 1 − β and ᾱ = ∏α, in double
 * precision (upstream keeps them as float32 buffers; the difference is below 1e-7 for T ≤ 1000).
 */
public final class NoiseSchedule {
    private final BetaSchedule kind;
    private final double[] beta;
    private final double[] alphaBar;

    private NoiseSchedule(BetaSchedule kind, double[] beta) {
        this.kind = kind;
        this.beta = beta;
        this.alphaBar = new double[beta.length];
        double prod = 1;
        for (int i = 0; i < beta.length; i++) {
            prod *= 1 - beta[i];
            alphaBar[i] = prod;
        }
    }

    public static NoiseSchedule of(BetaSchedule kind, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("num_steps must be positive, found " + steps);
        }
        return new NoiseSchedule(kind, kind.betas(steps));
    }

    public BetaSchedule kind() {
        return kind;
    }

    public int steps() {
        return beta.length;
    }

    public double beta(int t) {
        return beta[t];
    }

    public double alpha(int t) {
        return 1 - beta[t];
    }

    public double alphaBar(int t) {
        return alphaBar[t];
    }

    /** ᾱ_{t−1}, with ᾱ_{−1} = 1 (the clipped posterior mean at t = 0). */
    public double alphaBarPrev(int t) {
        return t == 0 ? 1.0 : alphaBar[t - 1];
    }
}
