package dev.flemme4j.coordinator.job;

import dev.flemme4j.modelzoo.diffusion.SupervisedDiffusionModelSpec;
import dev.flemme4j.protocol.spec.DatasetSpec;
import dev.flemme4j.protocol.spec.LoaderSpec;
import dev.flemme4j.protocol.spec.TransformSpec;
import java.util.List;

/**
 * What a supervised diffusion job (SDM; the 2024 SDPM/SDIM) needs from its data, as upstream's
 * {@code compute_loss(x, y)} = the diffusion's loss on {@code y} with {@code c = x}: pairs of an image (the
 * condition) and a target to denoise, so a segmentation or reconstruction dataset, whose target has as many
 * channels as the eps-model denoises.
 */
final class SupervisedDiffusionCheck {
    private SupervisedDiffusionCheck() {
    }

    static void check(SupervisedDiffusionModelSpec model, LoaderSpec loader, String section) {
        DatasetSpec ds = loader.dataset();
        if (!ds.isSegmentation() && !ds.isReconstruction()) {
            throw new JobRejection(RejectReason.LOADER, section + ".dataset.name", model.name() + " denoises a target"
                    + " conditioned on its image: use ImgSegDataset (masks) or ImgReconDataset (targets), not " + ds.name());
        }
        if (ds.isSegmentation()) {
            long channels = model.outputShape(1)[1];
            List<TransformSpec> t = loader.effectiveLabelTransforms();
            int labelChannels = 1;
            for (TransformSpec s : t) {
                if (s.oneHotClasses().isPresent()) {
                    int k = s.oneHotClasses().getAsInt();
                    labelChannels = k == 2 ? 1 : k;
                }
            }
            if (labelChannels != channels) {
                throw new JobRejection(RejectReason.SHAPE, epsEncoderKey(model) + ".in_channel", "is " + channels
                        + " but the masks have " + labelChannels + " channel(s) after " + section + "."
                        + loader.labelTransformsKey() + "; the eps-model denoises the mask, so they must agree");
            }
        }
    }

    /** The YAML path of the eps-model's encoder: under {@code diffusion} for SDM, at the top for SDPM/SDIM. */
    static String epsEncoderKey(SupervisedDiffusionModelSpec model) {
        return (model.name().equals("SDM") ? "model.diffusion" : "model") + ".eps_model.encoder";
    }

    /** The YAML path of the condition embedding's encoder, whose out_channel is the image's channel count. */
    static String conditionKey(SupervisedDiffusionModelSpec model) {
        return (model.name().equals("SDM") ? "model.diffusion" : "model") + ".eps_model.condition_embedding.encoder";
    }
}
