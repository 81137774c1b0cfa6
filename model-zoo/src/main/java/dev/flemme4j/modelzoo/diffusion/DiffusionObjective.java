package dev.flemme4j.modelzoo.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.flemme4j.modelzoo.config.loss.LossReduction;
import dev.flemme4j.modelzoo.config.loss.LossSpec;
import dev.flemme4j.modelzoo.loss.SampleLoss;
import dev.flemme4j.modelzoo.loss.SampleLosses;
import dev.flemme4j.protocol.diffusion.NoiseSchedule;
import dev.flemme4j.protocol.diffusion.Parameterization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * One training step's loss of a DDPM/DDIM (identical training) or EDM model, as upstream's {@code forward} +
 * {@code compute_loss}:
 * <ul>
 *   <li>DDPM/DDIM: {@code t ~ U{0..T−1}} per sample, {@code x_t = √ᾱ_t x0 + √(1−ᾱ_t) ε}, model output
 *       {@code F(x_t, t, c)} against ε, x0 or {@code v = √ᾱ ε − √(1−ᾱ) x0} per {@code parameterization};
 *       {@code reconstruction_losses} compare the implied x̂0 with x0.</li>
 *   <li>EDM: {@code ln σ ~ N(P_mean, P_std)}, {@code D = c_skip (x+n) + c_out F(c_in (x+n), ln σ/4, c)} against x0,
 *       each sample weighted by {@code (σ²+σd²)/(σσd)²}.</li>
 * </ul>
 * With classifier-free guidance the condition is dropped for the whole batch with probability
 * {@code condition_dropout} (one coin per step, as upstream). Arrays are created in the manager of {@code x0}.
 */
public final class DiffusionObjective {
    private final DiffusionModelSpec spec;
    private final NoiseSchedule schedule;
    private final Parameterization parameterization;
    private final SampleLoss epsLoss;
    private final List<LossSpec> reconSpecs;
    private final List<SampleLoss> reconLosses;
    private final Random random;
    private Map<String, Float> lastTerms = Map.of();

    /** @param seed seeds the time steps and the condition-dropout coin (the noise comes from the engine's generator) */
    public DiffusionObjective(DiffusionModelSpec spec, long seed) {
        this.spec = spec;
        this.schedule = spec.settings().edm() ? null : spec.settings().schedule();
        this.parameterization = Parameterization.of(spec.settings().parameterization());
        this.epsLoss = SampleLosses.create(spec.epsLoss());
        this.reconSpecs = spec.reconstructionLosses();
        this.reconLosses = reconSpecs.stream().map(SampleLosses::create).toList();
        this.random = new Random(seed);
    }

    /**
     * @param x0      clean samples {@code (B, C, *S)}
     * @param c       conditions {@code (B, *cond)}, or null
     * @param forward the eps-model's forward on {@code [x, t(, c)]} returning its first output
     * @return the summed loss (a scalar in x0's manager)
     */
    public NDArray loss(NDArray x0, NDArray c, Function<NDList, NDArray> forward) {
        if (c != null && spec.conditionDropout() > 0 && random.nextDouble() < spec.conditionDropout()) {
            c = null;
        }
        return spec.settings().edm() ? edmLoss(x0, c, forward) : discreteLoss(x0, c, forward);
    }

    /** Weighted loss terms of the last {@link #loss} call, by name. */
    public Map<String, Float> lastTerms() {
        return lastTerms;
    }

    private NDArray discreteLoss(NDArray x0, NDArray c, Function<NDList, NDArray> forward) {
        NDManager m = x0.getManager();
        int b = (int) x0.getShape().get(0);
        float[] t = new float[b];
        float[] sa = new float[b];
        float[] sb = new float[b];
        for (int i = 0; i < b; i++) {
            int step = random.nextInt(schedule.steps());
            t[i] = step;
            sa[i] = (float) Math.sqrt(schedule.alphaBar(step));
            sb[i] = (float) Math.sqrt(1 - schedule.alphaBar(step));
        }
        Shape perSample = broadcastShape(x0);
        NDArray a = m.create(sa).reshape(perSample);
        NDArray s = m.create(sb).reshape(perSample);
        NDArray eps = m.randomNormal(x0.getShape());
        NDArray xt = x0.mul(a).add(eps.mul(s));
        NDList in = c == null ? new NDList(xt, m.create(t)) : new NDList(xt, m.create(t), c);
        NDArray out = forward.apply(in);
        NDArray target = switch (parameterization) {
            case EPSILON -> eps;
            case START -> x0;
            case VELOCITY -> eps.mul(a).sub(x0.mul(s));
        };
        Map<String, Float> terms = new LinkedHashMap<>();
        NDArray total = term(terms, spec.epsLoss(), epsLoss.perSample(out, target), null);
        if (!reconLosses.isEmpty()) {
            NDArray pred0 = switch (parameterization) {
                case EPSILON -> xt.sub(out.mul(s)).div(a);
                case VELOCITY -> xt.mul(a).sub(out.mul(s));
                case START -> out;
            };
            for (int i = 0; i < reconLosses.size(); i++) {
                total = total.add(term(terms, reconSpecs.get(i), reconLosses.get(i).perSample(pred0, x0), null));
            }
        }
        lastTerms = Map.copyOf(terms);
        return total;
    }

    private NDArray edmLoss(NDArray x0, NDArray c, Function<NDList, NDArray> forward) {
        NDManager m = x0.getManager();
        int b = (int) x0.getShape().get(0);
        double sd = spec.settings().sigmaData();
        double pMean = spec.edmTraining()[0];
        double pStd = spec.edmTraining()[1];
        float[] sigma = new float[b];
        float[] weight = new float[b];
        float[] cSkip = new float[b];
        float[] cOut = new float[b];
        float[] cIn = new float[b];
        float[] cNoise = new float[b];
        for (int i = 0; i < b; i++) {
            double s = Math.exp(random.nextGaussian() * pStd + pMean);
            double s2 = s * s + sd * sd;
            sigma[i] = (float) s;
            weight[i] = (float) (s2 / (s * sd * s * sd));
            cSkip[i] = (float) (sd * sd / s2);
            cOut[i] = (float) (s * sd / Math.sqrt(s2));
            cIn[i] = (float) (1 / Math.sqrt(s2));
            cNoise[i] = (float) (Math.log(s) / 4);
        }
        Shape perSample = broadcastShape(x0);
        NDArray noisy = x0.add(m.randomNormal(x0.getShape()).mul(m.create(sigma).reshape(perSample)));
        NDArray in = noisy.mul(m.create(cIn).reshape(perSample));
        NDList inputs = c == null ? new NDList(in, m.create(cNoise)) : new NDList(in, m.create(cNoise), c);
        NDArray f = forward.apply(inputs);
        NDArray d = noisy.mul(m.create(cSkip).reshape(perSample)).add(f.mul(m.create(cOut).reshape(perSample)));
        NDArray w = m.create(weight);
        Map<String, Float> terms = new LinkedHashMap<>();
        NDArray total = term(terms, spec.epsLoss(), epsLoss.perSample(d, x0), w);
        for (int i = 0; i < reconLosses.size(); i++) {
            total = total.add(term(terms, reconSpecs.get(i), reconLosses.get(i).perSample(d, x0), w));
        }
        lastTerms = Map.copyOf(terms);
        return total;
    }

    /** Weight, per-sample weight and reduction of one term, recorded under its name. */
    private NDArray term(Map<String, Float> terms, LossSpec s, NDArray perSample, NDArray sampleWeight) {
        NDArray v = sampleWeight == null ? perSample : perSample.mul(sampleWeight);
        v = spec.lossReduction() == LossReduction.SUM ? v.sum() : v.mean();
        v = v.mul((float) s.weight());
        terms.merge(s.label(), v.getFloat(), Float::sum);
        return v;
    }

    /** {@code (B, 1, 1, ...)} to scale a batch of x0's rank per sample. */
    private static Shape broadcastShape(NDArray x0) {
        long[] dims = new long[x0.getShape().dimension()];
        java.util.Arrays.fill(dims, 1);
        dims[0] = x0.getShape().get(0);
        return new Shape(dims);
    }
}
