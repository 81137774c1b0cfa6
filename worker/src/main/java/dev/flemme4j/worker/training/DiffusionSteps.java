package dev.flemme4j.worker.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import dev.flemme4j.modelzoo.ModelSpec;
import dev.flemme4j.modelzoo.diffusion.DiffusionModelSpec;
import dev.flemme4j.modelzoo.diffusion.DiffusionObjective;
import dev.flemme4j.modelzoo.architecture.LatentDiffusionNetwork;
import dev.flemme4j.modelzoo.diffusion.LatentDiffusionModelSpec;
import dev.flemme4j.modelzoo.diffusion.LatentDiffusionObjective;
import dev.flemme4j.worker.data.Sample;
import java.util.List;

/**
 * The training objective and validation loss of a DDPM/DDIM/EDM job: the {@link DiffusionObjective} noises each
 * batch itself,
 * and a class-conditional model gets the record's class label as its condition {@code c} (a class index for
 * OneHot with {@code apply_onehot}, else a one-hot vector).
 */
public final class DiffusionSteps implements TrainingObjective {
    private final DiffusionModelSpec spec;
    private final DiffusionObjective objective;
    private final DiffusionObjective validation;
    /** Latent diffusion only (else null): the same process on the auto-encoder's latent. */
    private final LatentDiffusionObjective latent;
    private final LatentDiffusionObjective latentValidation;

    private DiffusionSteps(DiffusionModelSpec spec, long seed, LatentDiffusionModelSpec latentSpec) {
        this.spec = spec;
        this.objective = new DiffusionObjective(spec, seed);
        this.validation = new DiffusionObjective(spec, seed + 1);
        this.latent = latentSpec == null ? null : new LatentDiffusionObjective(latentSpec, seed);
        this.latentValidation = latentSpec == null ? null : new LatentDiffusionObjective(latentSpec, seed + 1);
    }

    /** For a diffusion model (latent diffusion included), its steps; null for every other architecture. */
    public static DiffusionSteps of(ModelSpec spec, long seed) {
        if (spec instanceof LatentDiffusionModelSpec l) {
            return new DiffusionSteps(l.diffusion(), seed, l);
        }
        return spec instanceof DiffusionModelSpec d ? new DiffusionSteps(d, seed, null) : null;
    }

    @Override
    public NDArray loss(Trainer trainer, NDManager scope, List<Sample> batch) {
        NDArray x = BatchTensors.stack(scope, batch, true);
        if (latent != null) {
            return latent.loss(network(trainer), x, condition(scope, batch), true, in -> trainer.forward(in).head());
        }
        return objective.loss(x, condition(scope, batch), in -> trainer.forward(in).head());
    }

    /** The objective on a validation batch in inference mode (its own noise and time steps). */
    public float validationLoss(Trainer trainer, List<Sample> batch, Device device) {
        try (NDManager scope = trainer.getManager().newSubManager(device)) {
            NDArray x = BatchTensors.stack(scope, batch, true);
            if (latentValidation != null) {
                return latentValidation.loss(network(trainer), x, condition(scope, batch), false,
                        in -> trainer.evaluate(in).head()).getFloat();
            }
            return validation.loss(x, condition(scope, batch), in -> trainer.evaluate(in).head()).getFloat();
        }
    }

    private static LatentDiffusionNetwork network(Trainer trainer) {
        return (LatentDiffusionNetwork) trainer.getModel().getBlock();
    }

    /** The class labels as the eps-model's condition, or null for an unconditional model. */
    private NDArray condition(NDManager scope, List<Sample> batch) {
        if (!spec.conditional()) {
            return null;
        }
        List<Integer> shape = spec.settings().conditionShape();
        int classes = spec.settings().numClasses();
        int width = shape.isEmpty() ? 1 : shape.get(0);
        float[] c = new float[batch.size() * width];
        for (int i = 0; i < batch.size(); i++) {
            float[] label = batch.get(i).label();
            int index = label.length == 1 ? Math.round(label[0]) : argmax(label);
            if (index < 0 || (classes > 0 && index >= classes)) {
                throw new IllegalArgumentException("record " + batch.get(i).key() + " has class " + index + ", outside [0, "
                        + classes + ") of the condition embedding");
            }
            if (shape.isEmpty()) {
                c[i] = index;
            } else if (label.length == width) {
                System.arraycopy(label, 0, c, i * width, width);
            } else {
                c[i * width + index] = 1f;
            }
        }
        return shape.isEmpty() ? scope.create(c) : scope.create(c, new ai.djl.ndarray.types.Shape(batch.size(), width));
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
