package dev.flemme4j.protocol.diffusion;

import java.util.SplittableRandom;

/**
 * Standard normal noise from a seed (Box–Muller over {@link SplittableRandom}), so the same seed gives the same
 * trajectory whichever engine evaluates the eps-model.
 */
public final class GaussianNoise {
    private final SplittableRandom random;
    private double spare = Double.NaN;

    public GaussianNoise(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public double next() {
        if (!Double.isNaN(spare)) {
            double s = spare;
            spare = Double.NaN;
            return s;
        }
        double u1 = 1.0 - random.nextDouble(); // (0, 1]: log stays finite
        double u2 = random.nextDouble();
        double r = Math.sqrt(-2 * Math.log(u1));
        spare = r * Math.sin(2 * Math.PI * u2);
        return r * Math.cos(2 * Math.PI * u2);
    }

    public float[] sample(int size) {
        float[] z = new float[size];
        for (int i = 0; i < size; i++) {
            z[i] = (float) next();
        }
        return z;
    }
}
