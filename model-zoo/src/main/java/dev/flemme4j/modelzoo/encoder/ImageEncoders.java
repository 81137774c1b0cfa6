package dev.flemme4j.modelzoo.encoder;

import dev.flemme4j.modelzoo.block.ContextSettings;
import dev.flemme4j.modelzoo.config.encoder.EncoderKeys;
import dev.flemme4j.modelzoo.config.encoder.EncoderKind;
import dev.flemme4j.modelzoo.config.encoder.FcnEncoderSpecParser;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpecParser;
import dev.flemme4j.modelzoo.config.encoder.TransformerEncoderSpecParser;
import dev.flemme4j.modelzoo.encoder.pointcloud.PointDecoderNetwork;
import dev.flemme4j.modelzoo.encoder.pointcloud.PointNet2Decoder;
import dev.flemme4j.modelzoo.encoder.pointcloud.PointNet2Encoder;
import dev.flemme4j.modelzoo.encoder.pointcloud.PointNet2Spec;
import dev.flemme4j.modelzoo.encoder.pointcloud.PointNet2SpecParser;
import dev.flemme4j.modelzoo.encoder.pointcloud.PointEncoderNetwork;
import dev.flemme4j.modelzoo.encoder.pointcloud.PointNetDecoder;
import dev.flemme4j.modelzoo.encoder.pointcloud.PointNetEncoder;
import dev.flemme4j.modelzoo.encoder.pointcloud.PointNetSpec;
import dev.flemme4j.modelzoo.encoder.pointcloud.PointNetSpecParser;
import dev.flemme4j.modelzoo.encoder.transformer.TransformerDecoder;
import dev.flemme4j.modelzoo.encoder.transformer.TransformerEncoder;
import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.registry.ComponentKind;

/**
 * The registry of encoder names ({@code model.encoder.name}, upstream {@code supported_encoders}): each name
 * registers its keys, its parser and its encoder/decoder pair once.
 */
public final class ImageEncoders {
    /** An encoder and the decoder that consumes its outputs. */
    public record Pair(ImageEncoderNetwork encoder, ImageDecoderNetwork decoder) {
    }

    public static final ComponentKind<EncoderType> KIND = new ComponentKind<EncoderType>("model.encoder", "encoder",
            "encoders (model.encoder.name)")
            .later("VMamba", "VMambaU", "VMambaD",
                    "PointTrans", "PointMamba", "PointTrans2", "PointMamba2", "SeqNet",
                    "SeqTrans", "SeqMamba", "GCN", "Cheb", "GTrans");

    static {
        KIND.register(EncoderType.of("CNN", "convolutional encoder-decoder; a vector latent with dense_channels",
                EncoderKeys.CNN_FAMILY, n -> ImageEncoderSpecParser.parse(n, EncoderKind.CNN),
                s -> new Pair(new CnnEncoder(s), new CnnDecoder(s)),
                (s, c) -> new Pair(new CnnEncoder(s, c), new CnnDecoder(s, c))));
        KIND.register(EncoderType.of("UNet", "U-shaped CNN: each up stage concatenates the matching down stage's output",
                EncoderKeys.CNN_FAMILY, n -> ImageEncoderSpecParser.parse(n, EncoderKind.UNET),
                s -> new Pair(new UNetEncoder(s), new UNetDecoder(s)),
                (s, c) -> new Pair(new UNetEncoder(s, c), new UNetDecoder(s, c))));
        KIND.register(EncoderType.of("DNet", "densely connected U-shaped CNN: every up stage reads every down stage",
                EncoderKeys.CNN_FAMILY, n -> ImageEncoderSpecParser.parse(n, EncoderKind.DNET),
                s -> new Pair(new DNetEncoder(s), new DNetDecoder(s)), null));
        KIND.register(EncoderType.of("FCN", "fully connected vector encoder (2024: PointWise)",
                EncoderKeys.FCN, FcnEncoderSpecParser::parse,
                s -> new Pair(new FcnEncoder(s, ContextSettings.NONE), new FcnDecoder(s, ContextSettings.NONE)),
                (s, c) -> new Pair(new FcnEncoder(s, c), new FcnDecoder(s, c))).alsoNamed("PointWise"));
        KIND.register(EncoderType.of("PointNet", "point-cloud encoder: per-point MLPs (EdgeConv with num_neighbors_k > 0),"
                + " max+mean pooling; the dense PointNet decoder", EncoderKeys.POINTNET, PointNetSpecParser::parseEncoder,
                s -> new Pair(new PointEncoderNetwork(new PointNetEncoder((PointNetSpec) s.points())),
                        new PointDecoderNetwork(new PointNetDecoder((PointNetSpec) s.points()))),
                (s, c) -> new Pair(new PointEncoderNetwork(new PointNetEncoder((PointNetSpec) s.points(), c)),
                        new PointDecoderNetwork(new PointNetDecoder((PointNetSpec) s.points(), c)))));
        KIND.register(EncoderType.of("PointNet2", "PointNet++: furthest point sampling, multi-scale ball-query grouping;"
                + " the feature-propagation decoder", EncoderKeys.POINTNET2, PointNet2SpecParser::parseEncoder,
                s -> new Pair(new PointNet2Encoder((PointNet2Spec) s.points()), new PointNet2Decoder((PointNet2Spec) s.points())),
                null));
        transformer(EncoderKind.VIT, "vision transformer: global attention over the patches, patch merging/expansion");
        transformer(EncoderKind.VITU, "U-shaped ViT: each up stage concatenates the matching down stage's output");
        transformer(EncoderKind.VITD, "densely connected U-shaped ViT: every up stage reads every down stage");
        transformer(EncoderKind.SWIN, "Swin transformer: shifted-window attention with relative position bias");
        transformer(EncoderKind.SWINU, "U-shaped Swin (Swin-UNet)");
        transformer(EncoderKind.SWIND, "densely connected U-shaped Swin");
    }

    private static void transformer(EncoderKind kind, String doc) {
        KIND.register(EncoderType.of(kind.yamlName(), doc, EncoderKeys.transformer(kind),
                n -> TransformerEncoderSpecParser.parse(n, kind),
                s -> new Pair(new TransformerEncoder(s, ContextSettings.NONE), new TransformerDecoder(s, ContextSettings.NONE)),
                (s, c) -> new Pair(new TransformerEncoder(s, c), new TransformerDecoder(s, c))));
    }

    private ImageEncoders() {
    }

    /** Parses a {@code model.encoder} section by its {@code name}. */
    public static ImageEncoderSpec parse(ConfigNode section) {
        return KIND.read(section, "name", null).parse(section);
    }

    public static Pair create(ImageEncoderSpec spec) {
        return type(spec.kind()).builder().apply(spec);
    }

    /** Whether {@link #create(ImageEncoderSpec, ContextSettings)} can give this kind's blocks a context. */
    public static boolean injectsContext(EncoderKind kind) {
        return type(kind).contextBuilder() != null;
    }

    private static EncoderType type(EncoderKind kind) {
        return KIND.find(kind.yamlName()).orElseThrow(() -> new IllegalArgumentException("no encoder registered as " + kind));
    }

    /**
     * The pair whose decoder reads the vector latent widened by {@code latentExtra} channels (a condition
     * concatenated to it); only CNN has vector latents.
     */
    public static Pair create(ImageEncoderSpec spec, ContextSettings context, int latentExtra) {
        if (latentExtra == 0) {
            return create(spec, context);
        }
        if (spec.kind() != EncoderKind.CNN) {
            throw new IllegalArgumentException(spec.kind().yamlName() + " has no vector latent to widen");
        }
        return new Pair(new CnnEncoder(spec, context),
                new CnnDecoder(spec, context, latentExtra));
    }

    /** The pair with every building block injecting {@code context}; without context the same as {@link #create(ImageEncoderSpec)}. */
    public static Pair create(ImageEncoderSpec spec, ContextSettings context) {
        if (!context.present()) {
            return create(spec);
        }
        EncoderType type = type(spec.kind());
        if (type.contextBuilder() == null) {
            throw new IllegalArgumentException(spec.kind().yamlName() + " cannot inject a time step or condition yet");
        }
        return type.contextBuilder().apply(spec, context);
    }
}
