package dev.flemme4j.coordinator.dataset;

import dev.flemme4j.protocol.transform.Draws;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The random numbers one sample's random transforms draw. Flemme saves its random state before the image's
 * transforms and restores it before the label's, so both see the same draws; here the image and the label each get
 * draws from the same per-sample seed ({@link #fresh()}), which has the same effect.
 *
 * <p>The coordinator ingests a dataset once, so each training sample is augmented once, with draws fixed by the job's
 * seed and the sample's path, rather than anew every epoch as Flemme's DataLoader does. {@link #NONE} skips random
 * transforms altogether (validation samples).
 */
final class AugmentationDraws implements Draws {
    static final AugmentationDraws NONE = new AugmentationDraws(0, false);

    private final long seed;
    /** null for {@link #NONE}: its random transforms are skipped, so nothing draws. */
    private final SplittableRandom random;

    private AugmentationDraws(long seed, boolean active) {
        this.seed = seed;
        this.random = active ? new SplittableRandom(seed) : null;
    }

    /** Draws for one sample: the job's augmentation seed mixed with a stable hash of the sample's path. */
    static AugmentationDraws forSample(long jobSeed, String sample) {
        long h = 1125899906842597L;
        for (byte b : sample.getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + b;
        }
        return new AugmentationDraws(jobSeed * 0x9E3779B97F4A7C15L ^ h, true);
    }

    /** The same draws again from the start (for the label, after the image). */
    AugmentationDraws fresh() {
        return active() ? new AugmentationDraws(seed, true) : NONE;
    }

    @Override
    public boolean active() {
        return random != null;
    }

    /** Uniform in [0, 1), as numpy's {@code uniform()} and torch's {@code rand(1)}. */
    @Override
    public double uniform() {
        return random.nextDouble();
    }

    /** Uniform in [0, bound), as numpy's {@code randint(0, bound)}. */
    @Override
    public int below(int bound) {
        return random.nextInt(bound);
    }
}
