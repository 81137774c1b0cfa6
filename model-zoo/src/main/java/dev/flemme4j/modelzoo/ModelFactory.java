package dev.flemme4j.modelzoo;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import dev.flemme4j.modelzoo.block.NetworkBlock;
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
            Architecture.Assembly assembly = Architectures.of(spec).build(spec);
            NetworkBlock network = assembly.network();
            model.setBlock(network);
            network.initialize(model.getNDManager(), DataType.FLOAT32, new ai.djl.ndarray.types.Shape(spec.inputShape(1)));
            FlemmeModel built = new FlemmeModel(spec, model, network, assembly.loss());
            LOG.info("built {} with {} encoder on {}: {} trainable parameters", spec.name(),
                    spec.encoder().kind().yamlName(), model.getNDManager().getDevice(), built.parameterCount());
            return built;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
