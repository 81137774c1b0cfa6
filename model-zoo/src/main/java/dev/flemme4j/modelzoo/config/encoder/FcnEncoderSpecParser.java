package dev.flemme4j.modelzoo.config.encoder;

import dev.flemme4j.modelzoo.config.Activation;
import dev.flemme4j.modelzoo.config.BuildingBlockKind;
import dev.flemme4j.modelzoo.config.DownSamplingKind;
import dev.flemme4j.modelzoo.config.Normalization;
import dev.flemme4j.modelzoo.config.StageChannels;
import dev.flemme4j.modelzoo.config.UpSamplingKind;
import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.registry.NameTable;
import java.util.List;

/**
 * Reads {@code model.encoder} for Flemme's {@code FCN} vector encoder (the 2024 docs' {@code PointWise}) with
 * upstream's {@code FCNEncoder} defaults, into an {@link ImageEncoderSpec} of kind {@link EncoderKind#FCN} with no
 * image axes: input {@code (B, in_channel)}, latent {@code (B, seq_feature_channels[-1])}, output
 * {@code (B, out_channel)}.
 *
 * <p>Upstream facts kept here: the layer widths are {@code seq_feature_channels} (default {@code [256]}), each
 * width one stage of {@code num_blocks} building blocks; upstream's FCN ignores {@code dense_channels}, which
 * the 2024 {@code PointWise} configs use for these widths, so it is read as their older spelling. The decoder
 * receives the same keyword arguments, so it runs the same {@code seq_feature_channels} (none when the key is
 * absent: the decoder's own default is {@code []}) from the latent, then a plain Linear to {@code out_channel}.
 * {@code building_block} has no usable default upstream ({@code single} is refused for FCN).
 */
public final class FcnEncoderSpecParser {
    /** The dense family; their block shapes are those of single/double/res with Linear layers. */
    static final NameTable<BuildingBlockKind> BLOCKS = NameTable.<BuildingBlockKind>of("building block for FCN")
            .add("dense", BuildingBlockKind.SINGLE).add("fc", BuildingBlockKind.SINGLE)
            .add("double_dense", BuildingBlockKind.DOUBLE).add("double_fc", BuildingBlockKind.DOUBLE)
            .add("res_dense", BuildingBlockKind.RESIDUAL).add("res_fc", BuildingBlockKind.RESIDUAL)
            .build();

    private FcnEncoderSpecParser() {
    }

    /** Parses a bound encoder section ({@link EncoderKeys#FCN}) whose {@code name} resolved to FCN. */
    public static ImageEncoderSpec parse(ConfigNode node) {
        requireVectorData(node);
        int inChannel = EncoderValues.positive(node, "in_channel", null);
        int outChannel = EncoderValues.positive(node, "out_channel", inChannel);
        if (!node.has("building_block")) {
            throw node.error("building_block", "is required for FCN (upstream's default 'single' is a convolution); one of "
                    + String.join(", ", BLOCKS.names()));
        }
        BuildingBlockKind block = BLOCKS.read(node, "building_block", null);
        List<Integer> seq = widths(node, "seq_feature_channels", List.of(256));
        int numBlocks = EncoderValues.positive(node, "num_blocks", 2);
        Normalization norm = Normalization.NAMES.read(node, "normalization", "group");
        if (norm == Normalization.INSTANCE) {
            // upstream's InstanceNorm1d reads a (B, C) vector as one unbatched (C=B, L=C) sequence
            throw node.error("normalization", "instance normalisation of vectors is not meaningful upstream; use group, batch or layer");
        }
        int groups = EncoderValues.positive(node, "num_norm_groups", 8);
        Activation act = Activation.NAMES.read(node, "activation", "lrelu");
        double dropout = node.number("dropout", 0.0);
        if (dropout < 0 || dropout >= 1) {
            throw node.error("dropout", "must be in [0, 1), found " + dropout);
        }
        if (node.has("vector_embedding") && !node.bool("vector_embedding", true)) {
            throw node.error("vector_embedding", "FCN's latent is always a vector; remove the key");
        }
        if (node.has("decoder_dense_channels")) {
            throw node.error("decoder_dense_channels", "upstream's FCN decoder does not read it (it runs seq_feature_channels"
                    + " from the latent, then a Linear to out_channel); remove the key");
        }
        node.rejectUnknownKeys();
        // the decoder gets the same keyword arguments; its own default is no hidden stage
        List<Integer> decoderSeq = node.has("seq_feature_channels") ? seq : List.of();
        ImageEncoderSpec spec = new ImageEncoderSpec(EncoderKind.FCN, List.of(), inChannel, outChannel, 1,
                seq.get(seq.size() - 1), List.of(), List.of(), List.of(), List.of(), block, numBlocks, norm, groups, act,
                dropout, 1, DownSamplingKind.CONV, UpSamplingKind.CONV, List.of(), false, seq, decoderSeq,
                List.of(), List.of(), List.of(), List.of(), AttentionSettings.DEFAULT, null, false, null, null);
        requireGroupDivisibleWidths(node, spec);
        return spec;
    }

    /** Upstream sets {@code data_form} from the encoder name; a config may only repeat FCN's. */
    private static void requireVectorData(ConfigNode node) {
        String form = node.string("data_form", "VEC");
        if (!form.equals("VEC")) {
            throw node.error("data_form", "FCN encodes vectors (VEC), found '" + form + "'");
        }
    }

    private static List<Integer> widths(ConfigNode node, String key, List<Integer> dflt) {
        Object raw = node.raw().get(key);
        if (raw != null && !(raw instanceof List)) {
            throw node.error(key, "expected a list of widths, e.g. [256]");
        }
        List<Integer> values = node.intList(key, dflt);
        if (values.isEmpty()) {
            throw node.error(key, "needs at least one width (an FCN without layers is the identity)");
        }
        return List.copyOf(EncoderValues.allPositive(node, key, values));
    }

    /** GroupNorm needs every normalised width (block outputs, stage hidden widths, shortcuts) divisible by the groups. */
    private static void requireGroupDivisibleWidths(ConfigNode node, ImageEncoderSpec spec) {
        if (spec.normalization() != Normalization.GROUP) {
            return;
        }
        for (int width : normalizedWidths(spec)) {
            if (width % spec.numNormGroups() != 0) {
                throw node.error("num_norm_groups", "group normalisation of " + width + " features in " + spec.numNormGroups()
                        + " groups: every width of seq_feature_channels and every stage's hidden width (with num_blocks > 1)"
                        + " must be divisible by it");
            }
        }
    }

    /** Every width a normalisation layer sees: block outputs of the encoder and decoder stages. */
    static List<Integer> normalizedWidths(ImageEncoderSpec spec) {
        List<Integer> all = new java.util.ArrayList<>();
        List<Integer> enc = ImageEncoderSpec.prepend(spec.inChannel(), spec.denseChannels());
        for (int i = 0; i + 1 < enc.size(); i++) {
            all.addAll(StageChannels.stage(enc.get(i), enc.get(i + 1), spec.numBlocks()).subList(1, spec.numBlocks() + 1));
        }
        List<Integer> dec = ImageEncoderSpec.prepend(spec.encoderOutChannel(), spec.decoderDenseChannels());
        for (int i = 0; i + 1 < dec.size(); i++) {
            all.addAll(StageChannels.stage(dec.get(i), dec.get(i + 1), spec.numBlocks()).subList(1, spec.numBlocks() + 1));
        }
        return all;
    }
}
