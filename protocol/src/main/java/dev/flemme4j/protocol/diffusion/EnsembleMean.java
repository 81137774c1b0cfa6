package dev.flemme4j.protocol.diffusion;

/**
 * Supervised diffusion's answer (upstream's {@code SupervisedDiffusion.forward}): the mean of {@code num_ensemble}
 * samples, each drawn from fresh noise with the input image as the condition {@code c}. Upstream draws the members
 * one after another; here all {@code n × num_ensemble} samples run as one batch through the sampler, so every
 * step is one eps-model call (member {@code e} of image {@code i} is sample {@code e·n + i}).
 */
public final class EnsembleMean {
    private final DiffusionSampler sampler;
    private final int members;

    public EnsembleMean(DiffusionSampler sampler, int members) {
        if (members < 1) {
            throw new IllegalArgumentException("num_ensemble must be positive, found " + members);
        }
        this.sampler = sampler;
        this.members = members;
    }

    public int members() {
        return members;
    }

    /** The request the model's own sampler defaults give for {@code n} images (DDIM: num_sample_steps). */
    public SampleRequest request(int n, float[] images, long seed) {
        DiffusionSettings s = sampler.settings();
        int steps = s.sampler().equals("ddim") ? s.numSampleSteps() : s.numSteps();
        return new SampleRequest(s.sampler(), n * members, steps, s.eta(), 0, repeat(images), seed, null);
    }

    /**
     * @param images {@code n} conditions, flat ({@code n × condition size})
     * @return {@code n} ensemble means, flat ({@code n × sample size})
     * @throws InvalidSampleRequestException when {@code images} does not hold {@code n} conditions of the model's shape
     */
    public float[] run(int n, float[] images, long seed) {
        DiffusionSettings s = sampler.settings();
        if (images.length != n * s.conditionSize()) {
            throw new InvalidSampleRequestException("input", "expected " + n + " image(s) of shape " + s.conditionShape()
                    + " (" + n * s.conditionSize() + " values), found " + images.length);
        }
        float[] all = sampler.sample(request(n, images, seed));
        return mean(all, n, s.sampleSize());
    }

    private float[] repeat(float[] images) {
        float[] c = new float[images.length * members];
        for (int e = 0; e < members; e++) {
            System.arraycopy(images, 0, c, e * images.length, images.length);
        }
        return c;
    }

    private float[] mean(float[] all, int n, int size) {
        int block = n * size;
        double[] sum = new double[block];
        for (int e = 0; e < members; e++) {
            for (int i = 0; i < block; i++) {
                sum[i] += all[e * block + i];
            }
        }
        float[] out = new float[block];
        for (int i = 0; i < block; i++) {
            out[i] = (float) (sum[i] / members);
        }
        return out;
    }
}
