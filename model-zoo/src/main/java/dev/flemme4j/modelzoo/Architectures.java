package dev.flemme4j.modelzoo;

import dev.flemme4j.modelzoo.Architecture.Assembly;
import dev.flemme4j.modelzoo.architecture.ClassificationNetwork;
import dev.flemme4j.modelzoo.architecture.EncoderDecoderNetwork;
import dev.flemme4j.modelzoo.architecture.HierarchicalNetwork;
import dev.flemme4j.modelzoo.architecture.VariationalNetwork;
import dev.flemme4j.modelzoo.diffusion.DiffusionArchitectures;
import dev.flemme4j.modelzoo.loss.WeightedLossSum;
import dev.flemme4j.protocol.registry.ComponentKind;
import java.util.List;

/**
 * The registry of architecture names ({@code model.name}, upstream {@code create_model}): one registration per
 * name, holding its keys, its parser and its builder. Names upstream has (HEAD plus the 2024 LDPM/LDIM/SDPM/SDIM)
 * that flemme4j cannot build yet are listed as later.
 */
public final class Architectures {
    public static final ComponentKind<Architecture<?>> KIND = new ComponentKind<Architecture<?>>("model", "model",
            "architectures (model.name)")
            .later("HBase", "OnlyEncoder", "OnlyDecoder");

    static {
        KIND.register(Architecture.of("SeM", "segmentation: encoder-decoder with segmentation losses",
                ModelKeys.BASE.plus(ModelKeys.SEGMENTATION_LOSSES), SegmentationModelSpec.class, ModelSpecs::parseSegmentationModel,
                s -> new Assembly(new EncoderDecoderNetwork(s.name(), s.encoder(), s.context()), s.encoder().pointCloud()
                        ? WeightedLossSum.channelsLast(s.losses(), s.lossReduction()) : new WeightedLossSum(s.losses(), s.lossReduction()))));
        KIND.register(Architecture.of("HSeM", "hierarchical segmentation: every decoder stage predicts, outputs combined",
                ModelKeys.HIERARCHICAL.plus(ModelKeys.SEGMENTATION_LOSSES), HierarchicalModelSpec.class,
                m -> ModelSpecs.parseHierarchicalModel(m, "HSeM"),
                s -> new Assembly(new HierarchicalNetwork(s), WeightedLossSum.hierarchical(s.losses(), s.lossReduction()))));
        KIND.register(Architecture.of("AE", "auto-encoder with reconstruction losses",
                ModelKeys.BASE.plus(ModelKeys.RECONSTRUCTION_LOSSES, ModelKeys.SUPERVISED), AutoEncoderModelSpec.class,
                ModelSpecs::parseAutoEncoder,
                s -> new Assembly(new EncoderDecoderNetwork(s.name(), s.encoder(), s.context()),
                        new WeightedLossSum(s.losses(), s.lossReduction()))));
        KIND.register(Architecture.of("HAE", "hierarchical auto-encoder",
                ModelKeys.HIERARCHICAL.plus(ModelKeys.RECONSTRUCTION_LOSSES, ModelKeys.SUPERVISED), HierarchicalModelSpec.class,
                m -> ModelSpecs.parseHierarchicalModel(m, "HAE"),
                s -> new Assembly(new HierarchicalNetwork(s), WeightedLossSum.hierarchical(s.losses(), s.lossReduction()))));
        KIND.register(Architecture.of("VAE", "variational auto-encoder: sampled vector latent, KL distribution loss",
                ModelKeys.BASE.plus(ModelKeys.RECONSTRUCTION_LOSSES, ModelKeys.DISTRIBUTION_LOSS, ModelKeys.SUPERVISED),
                VariationalModelSpec.class, ModelSpecs::parseVariationalAutoEncoder,
                s -> new Assembly(new VariationalNetwork(s),
                        WeightedLossSum.variational(s.distributionLoss(), s.losses(), s.lossReduction()))));
        KIND.register(Architecture.of("ClM", "classification: encoder with a vector latent and class logits",
                ModelKeys.CLASSIFICATION, ClassificationModelSpec.class, ModelSpecs::parseClassificationModel,
                s -> new Assembly(new ClassificationNetwork(s), new WeightedLossSum(s.losses(), s.lossReduction()))));
        KIND.register(Architecture.of("Base", "encoder-decoder without loss: for inspection, export and as a part of others",
                ModelKeys.BASE, BaseModelSpec.class, ModelSpecs::parseBaseModel,
                s -> new Assembly(new EncoderDecoderNetwork(s.name(), s.encoder(), s.context()), null)).untrainable());
        DiffusionArchitectures.register(KIND);
    }

    private Architectures() {
    }

    /** Names a job may train, in registration order. */
    public static List<String> trainableNames() {
        return KIND.entries().stream().filter(Architecture::trainable).flatMap(a -> {
            List<String> names = new java.util.ArrayList<>(List.of(a.name()));
            names.addAll(a.aliases());
            return names.stream();
        }).toList();
    }

    /** The registration that built {@code spec}. */
    public static Architecture<?> of(ModelSpec spec) {
        return KIND.find(spec.name()).orElseThrow(() -> new IllegalArgumentException("no architecture registered as " + spec.name()));
    }
}
