package dev.flemme4j.protocol.diffusion;

/**
 * Flemme's samplers written once over an {@link EpsFunction}: DDPM ancestral sampling (upstream's clipped and
 * unclipped forms), DDIM with η on the τ grid, and EDM's Heun sampler on the Karras grid. Arithmetic runs in
 * double per element and the state is handed to the model as float, as upstream keeps float32 tensors (EDM's
 * state stays double between steps, as upstream's float64 loop).
 *
 * <p>Classifier-free guidance: {@code ε̂ = (1 + w)·F(x, t, c) − w·F(x, t)}, applied to the raw model output
 * before the parameterisation is undone (upstream's order); EDM guides only its second-order evaluation, as
 * upstream does. Not thread-safe per run; one instance may serve many runs one after another or concurrently.
 */
public final class DiffusionSampler {
    private final DiffusionSettings settings;
    private final EpsFunction model;
    private final NoiseSchedule schedule;
    private final Parameterization parameterization;
    private final int size;

    public DiffusionSampler(DiffusionSettings settings, EpsFunction model) {
        this.settings = settings;
        this.model = model;
        this.schedule = settings.edm() ? null : settings.schedule();
        this.parameterization = Parameterization.of(settings.parameterization());
        this.size = settings.sampleSize();
    }

    public DiffusionSettings settings() {
        return settings;
    }

    /**
     * Checks {@code r} against the model, naming the field at fault.
     *
     * @throws InvalidSampleRequestException for an unknown sampler, steps out of range, a missing or mis-sized
     *                                       condition, or guidance on a model that cannot be guided
     */
    public void check(SampleRequest r) {
        if (!settings.samplers().contains(r.sampler())) {
            throw new InvalidSampleRequestException("sampler", "'" + r.sampler() + "' cannot sample this " + settings.model()
                    + " model; use one of " + settings.samplers());
        }
        int max = settings.edm() ? 1000 : settings.numSteps();
        int min = settings.edm() ? 2 : 1;
        if (r.steps() < min || r.steps() > max) {
            throw new InvalidSampleRequestException("steps", "must be in [" + min + ", " + max + "]"
                    + (settings.edm() ? "" : " (num_steps of the model)") + ", found " + r.steps());
        }
        if (r.sampler().equals("ddim")) {
            int[] tau = DdimSteps.of(settings.sampleDiscretize()).grid(settings.numSteps(), r.steps());
            if (tau[tau.length - 1] >= settings.numSteps()) {
                throw new InvalidSampleRequestException("steps", "the " + settings.sampleDiscretize() + " grid for " + r.steps()
                        + " steps reaches step " + tau[tau.length - 1] + ", beyond num_steps - 1; use fewer steps");
            }
        }
        if (r.n() < 1) {
            throw new InvalidSampleRequestException("n", "must be positive, found " + r.n());
        }
        if (!(r.eta() >= 0 && r.eta() <= 1)) {
            // beyond 1 DDIM's sigma exceeds the variance left for the direction term, which then is clipped to 0
            throw new InvalidSampleRequestException("eta", "must be in [0, 1], found " + r.eta());
        }
        if (!(r.guidance() >= 0) || Double.isInfinite(r.guidance())) {
            throw new InvalidSampleRequestException("guidance", "must be a finite weight >= 0, found " + r.guidance());
        }
        if (r.condition() != null && !settings.conditional()) {
            throw new InvalidSampleRequestException("condition", "this model is unconditional");
        }
        if (r.condition() != null && r.condition().length != r.n() * settings.conditionSize()) {
            throw new InvalidSampleRequestException("condition", "expected " + r.n() + " conditions of shape "
                    + settings.conditionShape() + " (" + r.n() * settings.conditionSize() + " values), found " + r.condition().length);
        }
        if (r.guidance() != 0) {
            if (!settings.guidable()) {
                throw new InvalidSampleRequestException("guidance", settings.conditional()
                        ? "this model concatenates its condition (combine_condition: cat) and cannot be guided"
                        : "this model is unconditional; classifier-free guidance needs a condition");
            }
            if (r.condition() == null) {
                throw new InvalidSampleRequestException("guidance", "guidance needs a condition");
            }
        }
    }

    /** Runs {@code r} (after {@link #check}) from fresh noise; returns {@code n} samples, flat. */
    public float[] sample(SampleRequest r) {
        check(r);
        GaussianNoise noise = new GaussianNoise(r.seed());
        float[] x = noise.sample(r.n() * size);
        return sample(r, x, noise);
    }

    /** Runs {@code r} from the given initial noise {@code xT} ({@code n} samples, flat); {@code noise} for later draws. */
    public float[] sample(SampleRequest r, float[] xT, GaussianNoise noise) {
        check(r);
        return switch (r.sampler()) {
            case "ddpm" -> ddpm(r, xT.clone(), noise);
            case "ddim" -> ddim(r, xT.clone(), noise);
            default -> edm(r, xT, noise);
        };
    }

    /**
     * The model output with guidance combined when asked for. A model that masks its condition evaluates the
     * conditional and the unconditional halves in one call over {@code [x; x]} (2n samples, mask 1 then 0): one
     * batch instead of two calls, the same numbers.
     */
    private float[] guided(float[] x, int n, float t, float[] c, double w) {
        if (c != null && w != 0 && model.masksCondition()) {
            return batchGuided(x, n, t, c, w);
        }
        float[] ts = new float[n];
        java.util.Arrays.fill(ts, t);
        float[] out = model.apply(x, n, ts, c);
        if (c == null || w == 0) {
            return out;
        }
        float[] free = model.apply(x, n, ts, null);
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) ((1 + w) * out[i] - w * free[i]);
        }
        return out;
    }

    private float[] batchGuided(float[] x, int n, float t, float[] c, double w) {
        float[] x2 = new float[2 * x.length];
        System.arraycopy(x, 0, x2, 0, x.length);
        System.arraycopy(x, 0, x2, x.length, x.length);
        float[] c2 = new float[2 * c.length];
        System.arraycopy(c, 0, c2, 0, c.length);
        System.arraycopy(c, 0, c2, c.length, c.length);
        float[] ts = new float[2 * n];
        java.util.Arrays.fill(ts, t);
        float[] keep = new float[2 * n];
        java.util.Arrays.fill(keep, 0, n, 1f);
        float[] both = model.applyMasked(x2, 2 * n, ts, c2, keep);
        float[] out = new float[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) ((1 + w) * both[i] - w * both[x.length + i]);
        }
        return out;
    }

    private float[] ddpm(SampleRequest r, float[] x, GaussianNoise noise) {
        int total = r.steps();
        float[] x0 = new float[x.length];
        double lo = settings.clipRange().get(0);
        double hi = settings.clipRange().get(1);
        for (int t = total - 1, done = 1; t >= 0; t--, done++) {
            float[] out = guided(x, r.n(), t, r.condition(), r.guidance());
            double ab = schedule.alphaBar(t);
            double a = schedule.alpha(t);
            double beta = schedule.beta(t);
            double abPrev = schedule.alphaBarPrev(t);
            double sd = Math.sqrt(beta);
            for (int i = 0; i < x.length; i++) {
                double xt = x[i];
                double eps = parameterization.epsilon(out[i], xt, ab);
                double pred0 = (xt - Math.sqrt(1 - ab) * eps) / Math.sqrt(ab);
                double mean;
                if (settings.clipped()) {
                    pred0 = Math.min(Math.max(pred0, lo), hi);
                    mean = (Math.sqrt(a) * (1 - abPrev) * xt + Math.sqrt(abPrev) * beta * pred0) / (1 - ab);
                } else {
                    mean = (xt - beta / Math.sqrt(1 - ab) * eps) / Math.sqrt(a);
                }
                x0[i] = (float) pred0;
                x[i] = (float) (mean + sd * noise.next());
            }
            notify(r, done, total, x0);
        }
        return x;
    }

    private float[] ddim(SampleRequest r, float[] x, GaussianNoise noise) {
        int[] tau = DdimSteps.of(settings.sampleDiscretize()).grid(settings.numSteps(), r.steps());
        if (tau[tau.length - 1] >= settings.numSteps()) {
            throw new InvalidSampleRequestException("steps", "the " + settings.sampleDiscretize() + " grid for " + r.steps()
                    + " steps reaches step " + tau[tau.length - 1] + ", beyond num_steps - 1; use fewer steps");
        }
        float[] x0 = new float[x.length];
        double lo = settings.clipRange().get(0);
        double hi = settings.clipRange().get(1);
        for (int k = tau.length - 1, done = 1; k >= 0; k--, done++) {
            int t = tau[k];
            double a = schedule.alphaBar(t);
            double aPrev = k == 0 ? schedule.alphaBar(0) : schedule.alphaBar(tau[k - 1]);
            double sigma = r.eta() * Math.sqrt((1 - aPrev) / (1 - a) * (1 - a / aPrev));
            double dir = Math.sqrt(Math.max(1 - aPrev - sigma * sigma, 0));
            float[] out = guided(x, r.n(), t, r.condition(), r.guidance());
            for (int i = 0; i < x.length; i++) {
                double xt = x[i];
                double eps = parameterization.epsilon(out[i], xt, a);
                double pred0 = (xt - Math.sqrt(1 - a) * eps) / Math.sqrt(a);
                if (settings.clipped()) {
                    pred0 = Math.min(Math.max(pred0, lo), hi);
                }
                x0[i] = (float) pred0;
                double next = Math.sqrt(aPrev) * pred0 + dir * eps;
                x[i] = (float) (sigma > 0 ? next + sigma * noise.next() : next);
            }
            notify(r, done, tau.length, x0);
        }
        return x;
    }

    private float[] edm(SampleRequest r, float[] z, GaussianNoise noise) {
        int steps = r.steps();
        double[] sigma = KarrasSigmas.grid(steps, settings.sigmaMin(), settings.sigmaMax(), settings.rho());
        double[] x = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            x[i] = z[i] * sigma[0];
        }
        double[] hat = new double[x.length];
        float[] preview = new float[x.length];
        for (int k = 0; k < steps; k++) {
            double cur = sigma[k];
            double next = sigma[k + 1];
            double gamma = settings.sMin() <= cur && cur <= settings.sMax() ? Math.min(settings.sChurn() / steps, 0.41421) : 0;
            double tHat = cur + gamma * cur;
            double churn = Math.sqrt(tHat * tHat - cur * cur) * settings.sNoise();
            for (int i = 0; i < x.length; i++) {
                hat[i] = gamma > 0 ? x[i] + churn * noise.next() : x[i];
            }
            float[] d0 = denoised(hat, tHat, r, 0);
            double[] dCur = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                dCur[i] = (hat[i] - d0[i]) / tHat;
                x[i] = hat[i] + (next - tHat) * dCur[i];
                preview[i] = d0[i];
            }
            if (k < steps - 1) {
                float[] d1 = denoised(x, next, r, r.guidance());
                for (int i = 0; i < x.length; i++) {
                    double dPrime = (x[i] - d1[i]) / next;
                    x[i] = hat[i] + (next - tHat) * (0.5 * dCur[i] + 0.5 * dPrime);
                    preview[i] = d1[i];
                }
            }
            notify(r, k + 1, steps, preview);
        }
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) x[i];
        }
        return out;
    }

    /** EDM's preconditioned denoiser {@code D(x) = c_skip x + c_out F(c_in x, ln σ / 4, c)}. */
    private float[] denoised(double[] x, double sigma, SampleRequest r, double w) {
        double sd = settings.sigmaData();
        double s2 = sigma * sigma + sd * sd;
        double cSkip = sd * sd / s2;
        double cOut = sigma * sd / Math.sqrt(s2);
        double cIn = 1 / Math.sqrt(s2);
        float[] in = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            in[i] = (float) (cIn * (float) x[i]);
        }
        float[] f = guided(in, r.n(), (float) (Math.log((float) sigma) / 4), r.condition(), w);
        float[] d = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = (float) (cSkip * (float) x[i] + cOut * f[i]);
        }
        return d;
    }

    private static void notify(SampleRequest r, int step, int total, float[] predicted0) {
        if (r.listener() != null) {
            r.listener().onStep(step, total, predicted0);
        }
    }
}
