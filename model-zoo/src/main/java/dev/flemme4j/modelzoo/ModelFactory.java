package dev.flemme4j.modelzoo;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import dev.flemme4j.modelzoo.architecture.ClassificationNetwork;
import dev.flemme4j.modelzoo.architecture.EncoderDecoderNetwork;
import dev.flemme4j.modelzoo.architecture.HierarchicalNetwork;
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

    public static FlemmeModel create(ModelSpec spec, Device device) {
        Model model = Model.newInstance(spec.name(), device, ENGINE);
        try {
            NetworkBlock network;
            WeightedLossSum loss;
            if (spec instanceof BaseModelSpec s) {
                network = new EncoderDecoderNetwork(s.name(), s.encoder(), s.context());
                loss = null; // Base has no loss
            } else if (spec instanceof SegmentationModelSpec s) {
                network = new EncoderDecoderNetwork(s.name(), s.encoder(), s.context());
                loss = new WeightedLossSum(s.losses(), s.lossReduction());
            } else if (spec instanceof AutoEncoderModelSpec s) {
                network = new EncoderDecoderNetwork(s.name(), s.encoder(), s.context());
                loss = new WeightedLossSum(s.losses(), s.lossReduction());
            } else if (spec instanceof VariationalModelSpec s) {
                network = new VariationalNetwork(s);
                loss = WeightedLossSum.variational(s.distributionLoss(), s.losses(), s.lossReduction());
            } else if (spec instanceof HierarchicalModelSpec s) {
                network = new HierarchicalNetwork(s);
                loss = WeightedLossSum.hierarchical(s.losses(), s.lossReduction());
            } else if (spec instanceof ClassificationModelSpec s) {
                network = new ClassificationNetwork(s);
                loss = new WeightedLossSum(s.losses(), s.lossReduction());
            } else {
                throw new IllegalArgumentException("no network for " + spec.name());
            }
            model.setBlock(network);
            network.initialize(model.getNDManager(), DataType.FLOAT32, new ai.djl.ndarray.types.Shape(spec.inputShape(1)));
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
