package dev.flemme4j.protocol.diffusion;

/** The EDM noise levels of Karras et al. 2022 (eq. 5), from σ_max down to σ_min, followed by σ_N = 0. */
public final class KarrasSigmas {
    private KarrasSigmas() {
    }

    /** {@code σ_i = (σmax^{1/ρ} + i/(N−1)·(σmin^{1/ρ} − σmax^{1/ρ}))^ρ} for i < N, and 0; N + 1 values. */
    public static double[] grid(int steps, double sigmaMin, double sigmaMax, double rho) {
        if (steps < 2) {
            throw new IllegalArgumentException("EDM needs at least 2 steps, found " + steps);
        }
        double[] sigma = new double[steps + 1];
        double hi = Math.pow(sigmaMax, 1 / rho);
        double lo = Math.pow(sigmaMin, 1 / rho);
        for (int i = 0; i < steps; i++) {
            sigma[i] = Math.pow(hi + i / (double) (steps - 1) * (lo - hi), rho);
        }
        sigma[steps] = 0;
        return sigma;
    }
}
