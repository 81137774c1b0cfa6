package dev.flemme4j.modelzoo;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.flemme4j.modelzoo.architecture.ClassificationNetwork;
import dev.flemme4j.modelzoo.architecture.EncoderDecoderNetwork;
import dev.flemme4j.modelzoo.architecture.HierarchicalNetwork;
import dev.flemme4j.modelzoo.architecture.LatentDiffusionNetwork;
import dev.flemme4j.modelzoo.architecture.VariationalNetwork;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.loss.WeightedLossSum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds an initialised {@link FlemmeModel} on the PyTorch engine from a {@link ModelSpec}. Parameters are
 * drawn from the engine's random generator: call {@code Engine.getInstance().setRandomSeed(..)} first for
 * reproducible weights.
 */
public final class ModelFactory {
    private static final Logger LOG = LoggerFactory.getLogger(ModelFactory.class);
    public static final String ENGINE = "PyTorch";

    private ModelFactory() {
    }

    /** On the engine's default device (a GPU when present, else CPU). */
    public static FlemmeModel create(ModelSpec spec) {
        return create(spec, null);
    }

    /** The untrained, uninitialised network of {@code spec}. */
    static NetworkBlock network(ModelSpec spec) {
        if (spec instanceof BaseModelSpec s) {
            return new EncoderDecoderNetwork(s.name(), s.encoder(), s.context());
        } else if (spec instanceof SegmentationModelSpec s) {
            return new EncoderDecoderNetwork(s.name(), s.encoder(), s.context());
        } else if (spec instanceof AutoEncoderModelSpec s) {
            return new EncoderDecoderNetwork(s.name(), s.encoder(), s.context());
        } else if (spec instanceof VariationalModelSpec s) {
            return new VariationalNetwork(s);
        } else if (spec instanceof HierarchicalModelSpec s) {
            return new HierarchicalNetwork(s);
        } else if (spec instanceof ClassificationModelSpec s) {
            return new ClassificationNetwork(s);
        } else if (spec instanceof DiffusionModelSpec s) {
            return network(s.epsModel());
        } else if (spec instanceof SupervisedDiffusionModelSpec s) {
            return network(s.diffusion());
        } else if (spec instanceof LatentDiffusionModelSpec s) {
            return new LatentDiffusionNetwork(network(s.autoencoder()), new Shape(s.autoencoder().inputShape(1)),
                    network(s.diffusion()));
        }
        throw new IllegalArgumentException("no network for " + spec.name());
    }

    /** The training loss of {@code spec}; null for Base. A diffusion model's is its {@code eps_loss}. */
    static WeightedLossSum loss(ModelSpec spec) {
        if (spec instanceof BaseModelSpec) {
            return null; // Base has no loss
        } else if (spec instanceof VariationalModelSpec s) {
            return WeightedLossSum.variational(s.distributionLoss(), s.losses(), s.lossReduction());
        } else if (spec instanceof HierarchicalModelSpec s) {
            return WeightedLossSum.hierarchical(s.losses(), s.lossReduction());
        } else if (spec instanceof SegmentationModelSpec s) {
            return new WeightedLossSum(s.losses(), s.lossReduction());
        } else if (spec instanceof AutoEncoderModelSpec s) {
            return new WeightedLossSum(s.losses(), s.lossReduction());
        } else if (spec instanceof ClassificationModelSpec s) {
            return new WeightedLossSum(s.losses(), s.lossReduction());
        } else if (spec instanceof DiffusionModelSpec s) {
            return new WeightedLossSum(java.util.List.of(s.epsLoss()), s.lossReduction());
        } else if (spec instanceof SupervisedDiffusionModelSpec s) {
            return loss(s.diffusion());
        } else if (spec instanceof LatentDiffusionModelSpec s) {
            return loss(s.diffusion());
        }
        throw new IllegalArgumentException("no loss for " + spec.name());
    }

    public static FlemmeModel create(ModelSpec spec, Device device) {
        Model model = Model.newInstance(spec.name(), device, ENGINE);
        try {
            NetworkBlock network = network(spec);
            WeightedLossSum loss = loss(spec);
            model.setBlock(network);
            network.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(spec.inputShape(1)));
            FlemmeModel built = new FlemmeModel(spec, model, network, loss);
            LOG.info("built {} with {} encoder on {}: {} trainable parameters", spec.name(),
                    spec.encoder().kind().yamlName(), model.getNDManager().getDevice(), built.parameterCount());
            return built;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
