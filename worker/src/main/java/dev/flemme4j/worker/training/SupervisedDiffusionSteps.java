package dev.flemme4j.worker.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import dev.flemme4j.modelzoo.FlemmeModel;
import dev.flemme4j.modelzoo.ModelSpec;
import dev.flemme4j.modelzoo.ModelTask;
import dev.flemme4j.modelzoo.diffusion.DiffusionObjective;
import dev.flemme4j.modelzoo.diffusion.DjlEpsFunction;
import dev.flemme4j.modelzoo.diffusion.SupervisedDiffusionModelSpec;
import dev.flemme4j.protocol.diffusion.DiffusionSampler;
import dev.flemme4j.protocol.diffusion.EnsembleMean;
import dev.flemme4j.worker.data.Sample;
import java.util.List;
import java.util.function.Function;

/**
 * The training objective and validation of a supervised diffusion job (SDM; the 2024 SDPM/SDIM), as upstream's
 * {@code compute_loss(x, y) = diffusion.compute_loss(y, c = x)}: the record's label (mask or reconstruction target)
 * is the x0 the diffusion noises and the record's image is the condition {@code c}. The losses are the
 * diffusion's own ({@code eps_loss} and any {@code reconstruction_losses} on the predicted x0); upstream adds none.
 * Validation answers as serving does: the mean of {@code num_ensemble} samples per image.
 */
public final class SupervisedDiffusionSteps implements TrainingObjective {
    private final SupervisedDiffusionModelSpec spec;
    private final ModelTask task;
    private final DiffusionObjective objective;
    private final DiffusionObjective validation;
    private final long seed;

    private SupervisedDiffusionSteps(SupervisedDiffusionModelSpec spec, ModelTask task, long seed) {
        this.spec = spec;
        this.task = task;
        this.objective = new DiffusionObjective(spec.diffusion(), seed);
        this.validation = new DiffusionObjective(spec.diffusion(), seed + 1);
        this.seed = seed;
    }

    /**
     * For a supervised diffusion model, its steps; null for every other architecture.
     *
     * @param segmentation whether the targets are masks (scored as segmentation) rather than images (scored as
     *                     reconstruction)
     */
    public static SupervisedDiffusionSteps of(ModelSpec spec, boolean segmentation, long seed) {
        return spec instanceof SupervisedDiffusionModelSpec s
                ? new SupervisedDiffusionSteps(s, segmentation ? ModelTask.SEGMENT : ModelTask.RECONSTRUCT, seed) : null;
    }

    /** What the ensemble mean is scored as: SEGMENT for masks, RECONSTRUCT for targets. */
    public ModelTask task() {
        return task;
    }

    @Override
    public NDArray loss(Trainer trainer, NDManager scope, List<Sample> batch) {
        return loss(scope, batch, in -> trainer.forward(in).head());
    }

    /** The training loss with {@code forward} as the eps-model: x0 = the labels, c = the images. */
    NDArray loss(NDManager scope, List<Sample> batch, Function<NDList, NDArray> forward) {
        return objective.loss(BatchTensors.stack(scope, batch, false), BatchTensors.stack(scope, batch, true), forward);
    }

    /** The objective on a validation batch in inference mode (its own noise and time steps). */
    public float validationLoss(Trainer trainer, List<Sample> batch, Device device) {
        try (NDManager scope = trainer.getManager().newSubManager(device)) {
            return validation.loss(BatchTensors.stack(scope, batch, false), BatchTensors.stack(scope, batch, true),
                    in -> trainer.evaluate(in).head()).getFloat();
        }
    }

    /**
     * The ensemble mean for each image of {@code batch}, flat, in the form the scores take: a reconstruction as it
     * is; a mask shifted by −0.5, so the segmentation scores' {@code > 0} (one channel) is the mean's {@code > 0.5}
     * and the arg-max over channels is unchanged. The noise is the same for every validation pass (seeded by the
     * job's seed and the batch index), so scores of two epochs differ by the weights only.
     */
    public float[] ensemblePrediction(FlemmeModel model, List<Sample> batch, int batchIndex) {
        int n = batch.size();
        int per = batch.get(0).image().length;
        float[] images = new float[n * per];
        for (int i = 0; i < n; i++) {
            System.arraycopy(batch.get(i).image(), 0, images, i * per, per);
        }
        EnsembleMean ensemble = new EnsembleMean(new DiffusionSampler(spec.diffusion().settings(), new DjlEpsFunction(model)),
                spec.numEnsemble());
        float[] mean = ensemble.run(n, images, seed * 1_000_003L + batchIndex);
        if (task == ModelTask.SEGMENT) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] -= 0.5f;
            }
        }
        return mean;
    }
}
