package dev.flemme4j.modelzoo.config.encoder;

import dev.flemme4j.modelzoo.config.Activation;
import dev.flemme4j.modelzoo.config.BuildingBlockKind;
import dev.flemme4j.modelzoo.config.DownSamplingKind;
import dev.flemme4j.modelzoo.config.Normalization;
import dev.flemme4j.modelzoo.config.StageChannels;
import dev.flemme4j.modelzoo.config.UpSamplingKind;
import dev.flemme4j.protocol.config.ConfigNode;
import java.util.Collections;
import java.util.List;

/**
 * Reads {@code model.encoder} for ViT, ViTU, ViTD, Swin, SwinU and SwinD with upstream's {@code create_encoder}
 * and ViTEncoder/SwinEncoder defaults: {@code activation} silu, {@code normalization} group (8 groups),
 * {@code *_num_heads} 3 (an int or one per stage), {@code mlp_hidden_ratios} [4.0], {@code qkv_bias} true,
 * {@code drop_path} 0.1, {@code window_size} 8 (an int or one per axis), {@code abs_pos_embedding} true for
 * ViT only. Upstream's {@code create_encoder} defaults {@code building_block} to {@code single}, which these
 * encoders refuse, so it is required here too.
 */
public final class TransformerEncoderSpecParser {
    private TransformerEncoderSpecParser() {
    }

    /** Parses a bound encoder section ({@link EncoderKeys#transformer}) of an encoder registered as {@code kind}. */
    public static ImageEncoderSpec parse(ConfigNode node, EncoderKind kind) {
        List<Integer> imageSize = ImageEncoderSpecParser.readImageSize(node);
        int dims = imageSize.size();
        int inChannel = ImageEncoderSpecParser.positive(node, "in_channel", ImageEncoderSpecParser.requiredInt(node, "in_channel"));
        int outChannel = ImageEncoderSpecParser.positive(node, "out_channel", node.integer("out_channel", inChannel));
        int patchSize = ImageEncoderSpecParser.positive(node, "patch_size", node.integer("patch_size", 2));
        int patchChannel = ImageEncoderSpecParser.positive(node, "patch_channel", node.integer("patch_channel", 32));
        List<Integer> down = ImageEncoderSpecParser.channels(node, "down_channels");
        List<Integer> up = ImageEncoderSpecParser.channels(node, "up_channels");
        List<Integer> middle = ImageEncoderSpecParser.channels(node, "middle_channels");
        List<Integer> fin = ImageEncoderSpecParser.channels(node, "final_channels");
        if (up.isEmpty()) {
            up = ImageEncoderSpecParser.reversed(down);
        } else if (down.isEmpty()) {
            down = ImageEncoderSpecParser.reversed(up);
        }
        if (!fin.isEmpty()) {
            // upstream's ViT/Swin decoders index an undefined attribute (self._depth) for final stages
            throw node.error("final_channels", "is not supported by " + kind.yamlName() + " (upstream's decoder fails to"
                    + " build final stages); remove the key");
        }
        if (!node.has("building_block")) {
            throw node.error("building_block", "is required for " + kind.yamlName() + " (upstream's default 'single' is"
                    + " refused by transformer encoders); use " + (kind.windowed() ? "swin, double_swin or res_swin" : "vit"));
        }
        BuildingBlockKind block = (kind.windowed() ? BuildingBlockKind.SWIN_FAMILY : BuildingBlockKind.VIT_FAMILY)
                .read(node, "building_block", null);
        int numBlocks = ImageEncoderSpecParser.positive(node, "num_blocks", node.integer("num_blocks", 2));
        Normalization norm = Normalization.NAMES.read(node, "normalization", "group");
        int groups = ImageEncoderSpecParser.positive(node, "num_norm_groups", node.integer("num_norm_groups", 8));
        Activation act = Activation.NAMES.read(node, "activation", "silu");
        double dropout = rate(node, "dropout", 0.0);
        double attenDropout = rate(node, "atten_dropout", 0.0);
        double dropPath = rate(node, "drop_path", 0.1);
        List<Integer> dense = ImageEncoderSpecParser.channels(node, "dense_channels");
        List<Integer> decoderDense = ImageEncoderSpecParser.channels(node, "decoder_dense_channels");
        ImageEncoderSpecParser.requireDenseForDecoderDense(node, dense, decoderDense);
        if (decoderDense.isEmpty()) {
            decoderDense = ImageEncoderSpecParser.reversed(dense);
        }
        ImageEncoderSpecParser.requireConsistentVectorEmbedding(node, dense);
        List<Integer> downHeads = heads(node, "down_num_heads", down.size());
        List<Integer> middleHeads = heads(node, "middle_num_heads", middle.size());
        List<Integer> upHeads = heads(node, "up_num_heads", up.size());
        heads(node, "final_num_heads", fin.size());
        List<Double> ratios = node.numberList("mlp_hidden_ratios", List.of(4.0));
        for (double r : ratios) {
            if (r <= 0) {
                throw node.error("mlp_hidden_ratios", "ratios must be positive, found " + r);
            }
        }
        boolean qkvBias = node.bool("qkv_bias", true);
        double qkScale = node.rawValue("qk_scale") == null ? 0 : node.number("qk_scale", 0);
        if (qkScale < 0) {
            throw node.error("qk_scale", "must be positive (or null for d_k^-0.5), found " + qkScale);
        }
        List<Integer> window = kind.windowed() ? windowSize(node, dims) : List.of();
        boolean absPos = node.bool("abs_pos_embedding", kind == EncoderKind.VIT);
        ImageEncoderSpecParser.rejectUnsupportedFeatures(node);
        node.ignore("return_feature_list", "scan_mode", "flip_scan");
        node.rejectUnknownKeys();

        TransformerSpec t = new TransformerSpec(window, downHeads, middleHeads, upHeads, List.of(), ratios, qkvBias, qkScale,
                dropPath, attenDropout);
        ImageEncoderSpec spec = new ImageEncoderSpec(kind, imageSize, inChannel, outChannel, patchSize, patchChannel, down,
                middle, up, fin, block, numBlocks, norm, groups, act, dropout, 3, DownSamplingKind.CONV, UpSamplingKind.CONV,
                Collections.nCopies(down.size(), 2), false, dense, decoderDense,
                Collections.nCopies(down.size(), AttentionSpec.NONE), Collections.nCopies(middle.size(), AttentionSpec.NONE),
                Collections.nCopies(up.size(), AttentionSpec.NONE), List.of(), AttentionSettings.DEFAULT, null, absPos, t, null);
        requireStages(node, spec);
        requireShapedStructure(node, spec);
        ImageEncoderSpecParser.requireDivisibleImageSize(node, spec);
        requirePatchExpansionFactor(node, spec);
        requireWindowsFitGrids(node, spec);
        requireGroupDivisibleWidths(node, spec);
        return spec;
    }

    private static double rate(ConfigNode node, String key, double dflt) {
        double v = node.rawValue(key) == null ? dflt : node.number(key, dflt);
        if (v < 0 || v >= 1) {
            throw node.error(key, "must be in [0, 1), found " + v);
        }
        return v;
    }

    /** An int for every stage, or one per stage (upstream {@code create_encoder}). */
    private static List<Integer> heads(ConfigNode node, String key, int stages) {
        boolean perStage = node.raw().get(key) instanceof List;
        List<Integer> v = node.intList(key, List.of(3));
        for (int h : v) {
            if (h <= 0) {
                throw node.error(key, "head counts must be positive, found " + h);
            }
        }
        if (!perStage) {
            return Collections.nCopies(stages, v.get(0));
        }
        if (v.size() < stages) {
            throw node.error(key, "has " + v.size() + " entries but there are " + stages + " stages");
        }
        return List.copyOf(v.subList(0, stages));
    }

    private static List<Integer> windowSize(ConfigNode node, int dims) {
        boolean perAxis = node.raw().get("window_size") instanceof List;
        List<Integer> v = node.intList("window_size", List.of(8));
        for (int w : v) {
            if (w <= 0) {
                throw node.error("window_size", "must be positive, found " + w);
            }
        }
        if (!perAxis) {
            return Collections.nCopies(dims, v.get(0));
        }
        if (v.size() != dims) {
            throw node.error("window_size", "has " + v.size() + " entries but the image has " + dims + " axes");
        }
        return v;
    }

    private static void requireStages(ConfigNode node, ImageEncoderSpec spec) {
        if (spec.downChannels().isEmpty() && spec.middleChannels().isEmpty()) {
            throw node.error("down_channels", "the encoder has no transformer stages: set down_channels and/or middle_channels");
        }
        if (spec.upChannels().size() != spec.downChannels().size()) {
            throw node.error("up_channels", "has " + spec.upChannels().size() + " stages but down_channels has "
                    + spec.downChannels().size() + "; every patch merging needs a matching patch expansion");
        }
    }

    /** Upstream's U/D rules, plus the widths the U decoder's {@code cat(skip, expand(x) → x/2)} needs at run time. */
    private static void requireShapedStructure(ConfigNode node, ImageEncoderSpec spec) {
        EncoderKind kind = spec.kind();
        if (!kind.uShaped()) {
            return;
        }
        String name = kind.yamlName();
        List<Integer> down = spec.downChannels();
        if (down.size() < 2) {
            throw node.error("down_channels", name + " needs at least 2 down-sampling stages, found " + down.size());
        }
        if (!ImageEncoderSpecParser.reversed(spec.upChannels()).equals(down)) {
            throw node.error("up_channels", "for " + name + " up_channels must be down_channels reversed ("
                    + ImageEncoderSpecParser.reversed(down) + "), found " + spec.upChannels());
        }
        if (spec.vectorEmbedding()) {
            throw node.error("dense_channels", name + " does not support dense layers; remove dense_channels");
        }
        List<Integer> middle = spec.middleChannels();
        if (kind.denselyConnected()) {
            if (middle.isEmpty()) {
                throw node.error("middle_channels", name + " needs at least one middle stage (its latent is the last"
                        + " middle stage's output)");
            }
            return;
        }
        int last = down.get(down.size() - 1);
        if (middle.isEmpty() || middle.get(middle.size() - 1) != 2 * last) {
            throw node.error("middle_channels", name + " needs middle_channels[-1] == 2 × down_channels[-1] = " + (2 * last)
                    + ", found " + (middle.isEmpty() ? "no middle stage" : middle.get(middle.size() - 1)));
        }
        for (int i = 0; i + 1 < down.size(); i++) {
            if (down.get(i + 1) != 2 * down.get(i)) {
                throw node.error("down_channels", name + " halves the width at every patch expansion before joining the"
                        + " skip, so each down stage must double the previous one; found " + down);
            }
        }
    }

    private static void requirePatchExpansionFactor(ConfigNode node, ImageEncoderSpec spec) {
        int p = spec.patchSize();
        if (p > 1 && p % 2 != 0) {
            throw node.error("patch_size", "the decoder's patch recovery expands by patch_size, which must be 1 or even;"
                    + " found " + p);
        }
    }

    /** Every stage's patch grid must hold a whole number of windows (upstream asserts it per block). */
    private static void requireWindowsFitGrids(ConfigNode node, ImageEncoderSpec spec) {
        List<Integer> window = spec.transformer().windowSize();
        if (window.isEmpty()) {
            return;
        }
        for (int level = 0; level <= spec.downChannels().size(); level++) {
            int f = spec.patchSize() << level;
            for (int k = 0; k < window.size(); k++) {
                int g = spec.imageSize().get(k) / f;
                if (g < window.get(k) || g % window.get(k) != 0) {
                    List<Integer> grid = spec.imageSize().stream().map(v -> v / f).toList();
                    throw node.error("window_size", window + " does not divide the patch grid " + grid + " of stage " + level
                            + " (image_size / (patch_size · 2^" + level + ")); every stage's grid must be a multiple of the window");
                }
            }
        }
    }

    private static void requireGroupDivisibleWidths(ConfigNode node, ImageEncoderSpec spec) {
        if (spec.normalization() != Normalization.GROUP) {
            return;
        }
        List<Integer> widths = new java.util.ArrayList<>(spec.downChannels());
        widths.addAll(spec.middleChannels());
        widths.add(spec.patchChannel());
        for (int i = 0; i < spec.downChannels().size(); i++) {
            widths.addAll(StageChannels.stage(spec.downStageInput(i), spec.downChannels().get(i), spec.numBlocks()));
        }
        for (int c : widths) {
            if (c % spec.numNormGroups() != 0) {
                throw node.error("num_norm_groups", "group normalisation needs every block width divisible by "
                        + spec.numNormGroups() + " groups, but a block has " + c + " channels");
            }
        }
    }
}
