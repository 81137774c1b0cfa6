package dev.flemme4j.modelzoo;

import dev.flemme4j.modelzoo.config.encoder.EncoderKind;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.config.ConfigNode;

/**
 * Which architecture features take a point-cloud encoder ({@code data_form: PCD}). Upstream builds HSeM/HAE for
 * images only; VAE refuses the PointNet2 decoder; conditions and time steps reach point-cloud blocks in neither
 * flemme4j's PointNet nor PointNet2 yet (the latent-diffusion eps-model over a point-cloud VAE is FCN, which takes them).
 */
final class PointCloudRules {
    private PointCloudRules() {
    }

    static void rejectCondition(ConfigNode model, ImageEncoderSpec encoder) {
        if (encoder.pointCloud() && model.raw().get("condition_embedding") != null) {
            throw model.error("condition_embedding", "a condition with the point-cloud encoder " + encoder.kind().yamlName()
                    + " is not supported yet in flemme4j");
        }
    }

    static void rejectHierarchical(ConfigNode model, ImageEncoderSpec encoder, String name) {
        if (encoder.pointCloud()) {
            throw new ConfigException(model.pathOf("encoder") + ".name", name + " is built for images only (upstream: HSeM and"
                    + " HAE are not supported for point clouds); use " + (name.equals("HSeM") ? "SeM" : "AE"));
        }
    }

    static void requireVectorLatentForVae(ConfigNode model, ImageEncoderSpec encoder) {
        if (encoder.pointCloud() && model.raw().get("decoder") != null) {
            throw model.error("decoder", "a separately configured decoder (e.g. a PointNet decoder after a PointNet2 encoder)"
                    + " is not supported yet in flemme4j");
        }
        if (encoder.kind() == EncoderKind.POINTNET2) {
            throw new ConfigException(model.pathOf("encoder") + ".name", "VAE cannot take the PointNet2 decoder (upstream:"
                    + " Point2Decoder is not suitable for constructing a VAE); use PointNet");
        }
        if (encoder.pointCloud() && !encoder.vectorEmbedding()) {
            throw new ConfigException(model.pathOf("encoder") + ".vector_embedding", "a VAE over per-point latents is not"
                    + " supported yet in flemme4j; use vector_embedding: true");
        }
    }
}
