package dev.flemme4j.serving.sampling;

import dev.flemme4j.protocol.diffusion.DiffusionSampler;
import dev.flemme4j.protocol.diffusion.DiffusionSettings;
import dev.flemme4j.protocol.diffusion.EnsembleMean;
import dev.flemme4j.protocol.diffusion.InvalidSampleRequestException;
import dev.flemme4j.protocol.model.ModelManifest;
import dev.flemme4j.protocol.model.Task;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.serving.api.ApiException;
import dev.flemme4j.serving.api.ErrorReason;
import dev.flemme4j.serving.ort.OnnxModel;
import dev.flemme4j.serving.task.ModelCalls;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The model calls of a supervised diffusion model (SDM; SDPM/SDIM) behind {@code /segment} and {@code /reconstruct}:
 * one "call" on a batch of images is the model's sampler run for all {@code n × num_ensemble} members as one batch
 * (see {@link EnsembleMean}) and their mean per image, so the task endpoints answer it as they answer a SeM or AE.
 * A segmentation answer is the logit of the mean, {@code ln(p / (1 − p))} with p clamped to [1e-6, 1 − 1e-6], so
 * the manifest's sigmoid threshold (0.5) keeps the pixels where more than half the mean says foreground and
 * {@code probabilities} are the mean itself. The noise is seeded the same for every request (seed 0), so one image
 * always gets the same answer. Runs on the CPU pool, one request's loop on one thread.
 */
public final class EnsembleCalls implements ModelCalls {
    private static final float P_MIN = 1e-6f;

    private final Executor cpu;
    private final ModelManifest manifest;
    private final EnsembleMean ensemble;

    public EnsembleCalls(OnnxModel model, Executor cpu) {
        this.cpu = cpu;
        this.manifest = model.manifest();
        DiffusionSettings s = manifest.diffusion();
        this.ensemble = new EnsembleMean(new DiffusionSampler(s, new OnnxModelEps(model, s)), manifest.supervised().numEnsemble());
    }

    @Override
    public Executor cpu() {
        return cpu;
    }

    @Override
    public CompletableFuture<NamedTensor> run(NamedTensor input) {
        return CompletableFuture.supplyAsync(() -> answer(input), cpu);
    }

    private NamedTensor answer(NamedTensor images) {
        int n = (int) images.dim(0);
        float[] mean;
        try {
            mean = ensemble.run(n, images.toFloatArray(), 0);
        } catch (InvalidSampleRequestException e) {
            throw new ApiException(400, ErrorReason.BAD_SHAPE, e.field(), e.getMessage());
        }
        if (manifest.task() == Task.SEGMENT) {
            for (int i = 0; i < mean.length; i++) {
                float p = Math.min(Math.max(mean[i], P_MIN), 1 - P_MIN);
                mean[i] = (float) Math.log(p / (1 - p));
            }
        }
        java.util.List<Integer> sample = manifest.diffusion().sampleShape();
        long[] shape = new long[sample.size() + 1];
        shape[0] = n;
        for (int i = 0; i < sample.size(); i++) {
            shape[i + 1] = sample.get(i);
        }
        return NamedTensor.ofFloats(manifest.output().name(), shape, mean);
    }
}
