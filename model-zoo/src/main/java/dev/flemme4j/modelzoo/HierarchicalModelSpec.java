package dev.flemme4j.modelzoo;

import dev.flemme4j.modelzoo.config.context.ModelContextSpec;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
import dev.flemme4j.modelzoo.config.loss.LossReduction;
import dev.flemme4j.modelzoo.config.loss.LossSpec;
import java.util.List;

/**
 * Flemme's HBase family, {@code HSeM} (segmentation) and {@code HAE} (reconstruction): the encoder latent and
 * every decoder up-stage feature pass a feature block (ResConvBlock, 16 groups, ReLU; skipped when
 * {@code finalFeatureExtraction} is false) and a 1×1 conv to {@code out_channel}, giving hierarchical maps
 * {@code h_k}; a CombineLayer resizes them and the decoder output to the image size (nearest), adds a learned
 * position parameter each, combines them ({@code cat} or {@code add}) and applies a 1×1 conv. Outputs
 * {@code [final, h_0, ..., h_n]}; the loss adds, per configured loss, the mean over levels of
 * {@code L(h_k, nearest(target, size_k))} (terms named {@code hierarchical_<name>}). Like SeM and AE it may take
 * a condition {@code c} (Base's {@code condition_embedding}); upstream's HSeM/HAE forward takes no time step.
 */
public record HierarchicalModelSpec(String name, ImageEncoderSpec encoder, List<LossSpec> losses, LossReduction lossReduction,
        boolean supervised, boolean combineByConcatenation, boolean finalFeatureExtraction, ModelContextSpec context)
        implements ModelSpec {
    /** Channels of the feature blocks' group normalisation (upstream HBaseModel). */
    public static final int FEATURE_GROUPS = 16;

    public HierarchicalModelSpec {
        losses = List.copyOf(losses);
        if (!name.equals("HSeM") && !name.equals("HAE")) {
            throw new IllegalArgumentException("not a hierarchical model: " + name);
        }
        if (context.takesTime()) {
            throw new IllegalArgumentException(name + " takes no time step");
        }
    }

    /** Without a condition. */
    public HierarchicalModelSpec(String name, ImageEncoderSpec encoder, List<LossSpec> losses, LossReduction lossReduction,
            boolean supervised, boolean combineByConcatenation, boolean finalFeatureExtraction) {
        this(name, encoder, losses, lossReduction, supervised, combineByConcatenation, finalFeatureExtraction,
                ModelContextSpec.NONE);
    }

    public boolean segmentation() {
        return name.equals("HSeM");
    }

    @Override
    public List<String> outputNames() {
        return segmentation() ? List.of("seg_logits", "hierarchical_logits") : List.of("recon", "hierarchical_recon");
    }

    @Override
    public ModelTask task() {
        return segmentation() ? ModelTask.SEGMENT : ModelTask.RECONSTRUCT;
    }

    @Override
    public LossTarget lossTarget() {
        return segmentation() || supervised ? LossTarget.LABEL : LossTarget.INPUT;
    }

    /** Channels of the hierarchical features: the latent, then every up stage. */
    public List<Integer> featureChannels() {
        List<Integer> c = new java.util.ArrayList<>();
        c.add(encoder.latentChannel());
        c.addAll(encoder.upChannels());
        return List.copyOf(c);
    }
}
