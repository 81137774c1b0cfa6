package dev.flemme4j.modelzoo.config.encoder;

import dev.flemme4j.modelzoo.config.Activation;
import dev.flemme4j.modelzoo.config.BuildingBlockKind;
import dev.flemme4j.modelzoo.config.DownSamplingKind;
import dev.flemme4j.modelzoo.config.Normalization;
import dev.flemme4j.modelzoo.config.UpSamplingKind;
import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.config.ConfigNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads {@code model.encoder} for the CNN family (CNN, UNet, DNet) with upstream's {@code create_encoder} and
 * {@code CNNEncoder} defaults, then applies upstream's cross-field rules, one named method each.
 *
 * <p>Upstream facts kept here: an int {@code image_size} means a square 2D image; {@code down_channels},
 * {@code middle_channels}, {@code up_channels} and {@code final_channels} default to empty lists
 * ({@code create_encoder} always passes them); {@code up_channels} defaults to {@code down_channels} reversed
 * and vice versa; {@code shape_scaling} is an int (default 2) or one value per down stage;
 * {@code out_channel} defaults to {@code in_channel} (set by the Base model).
 */
public final class ImageEncoderSpecParser {
    private ImageEncoderSpecParser() {
    }

    /**
     * Parses a bound encoder section ({@link EncoderKeys#CNN_FAMILY}) of an encoder registered as {@code kind}.
     */
    public static ImageEncoderSpec parse(ConfigNode node, EncoderKind kind) {
        List<Integer> imageSize = readImageSize(node);
        int inChannel = EncoderValues.positive(node, "in_channel", null);
        int outChannel = EncoderValues.positive(node, "out_channel", inChannel);
        int patchSize = EncoderValues.positive(node, "patch_size", 2);
        int patchChannel = EncoderValues.positive(node, "patch_channel", 32);
        List<Integer> down = channels(node, "down_channels");
        List<Integer> up = channels(node, "up_channels");
        List<Integer> middle = channels(node, "middle_channels");
        List<Integer> fin = channels(node, "final_channels");
        if (up.isEmpty()) {
            up = reversed(down);
        } else if (down.isEmpty()) {
            down = reversed(up);
        }
        BuildingBlockKind block = BuildingBlockKind.CNN_FAMILY.read(node, "building_block", "single");
        int numBlocks = EncoderValues.positive(node, "num_blocks", 2);
        Normalization norm = Normalization.NAMES.read(node, "normalization", "group");
        int groups = EncoderValues.positive(node, "num_norm_groups", 8);
        Activation act = Activation.NAMES.read(node, "activation", "relu");
        double dropout = node.number("dropout", 0.0);
        if (dropout < 0 || dropout >= 1) {
            throw node.error("dropout", "must be in [0, 1), found " + dropout);
        }
        int kernel = EncoderValues.positive(node, "kernel_size", 3);
        DownSamplingKind dsample = DownSamplingKind.NAMES.read(node, "dsample_function", "conv");
        UpSamplingKind usample = UpSamplingKind.NAMES.read(node, "usample_function", "conv");
        List<Integer> scaling = readShapeScaling(node, down.size());
        boolean depthwise = node.bool("depthwise", false);
        List<Integer> dense = channels(node, "dense_channels");
        List<Integer> decoderDense = channels(node, "decoder_dense_channels");
        requireDenseForDecoderDense(node, dense, decoderDense);
        if (decoderDense.isEmpty()) {
            decoderDense = reversed(dense);
        }
        requireConsistentVectorEmbedding(node, dense);
        List<AttentionSpec> downAttens = AttentionSpec.readStages(node, "down_attens", down.size());
        List<AttentionSpec> middleAttens = AttentionSpec.readStages(node, "middle_attens", middle.size());
        List<AttentionSpec> upAttens = AttentionSpec.readStages(node, "up_attens", up.size());
        List<AttentionSpec> finalAttens = AttentionSpec.readStages(node, "final_attens", fin.size());
        AttentionSettings attention = readAttentionSettings(node, dropout);
        ChannelAttentionSpec channelAttention = ChannelAttentionSpec.read(node, "channel_attention");
        boolean absPos = node.bool("abs_pos_embedding", false);
        rejectFftAttentionIn3d(node, imageSize.size(), Map.of("down_attens", downAttens, "middle_attens", middleAttens,
                "up_attens", upAttens, "final_attens", finalAttens));
        rejectUnsupportedFeatures(node);
        node.rejectUnknownKeys();

        ImageEncoderSpec spec = new ImageEncoderSpec(kind, imageSize, inChannel, outChannel, patchSize, patchChannel,
                down, middle, up, fin, block, numBlocks, norm, groups, act, dropout, kernel, dsample, usample, scaling,
                depthwise, dense, decoderDense, downAttens, middleAttens, upAttens, finalAttens, attention,
                channelAttention, absPos, null, null);
        requireSomeConvolution(node, spec);
        requireMatchingUpAndDownStages(node, spec);
        requireOddKernel(node, spec);
        requireNoDenseLayers(node, spec, dense, decoderDense);
        requireUNetStructure(node, spec);
        requireDivisibleImageSize(node, spec);
        requireGroupDivisibleChannels(node, spec);
        requireEvenWidthForFftAttention(node, spec);
        return spec;
    }

    // ---- reading -------------------------------------------------------------------------------

    static int requiredInt(ConfigNode node, String key) {
        if (!node.has(key)) {
            throw node.error(key, "is required");
        }
        return node.integer(key, 0);
    }

    static int positive(ConfigNode node, String key, int value) {
        if (value <= 0) {
            throw node.error(key, "must be a positive integer, found " + value);
        }
        return value;
    }

    static List<Integer> channels(ConfigNode node, String key) {
        Object raw = node.raw().get(key);
        if (raw != null && !(raw instanceof List)) {
            // upstream asserts these are lists (dense_channels alone also accepts a scalar)
            if (!key.equals("dense_channels")) {
                throw node.error(key, "expected a list of channel counts, e.g. [64, 128]");
            }
        }
        List<Integer> values = node.intList(key, List.of());
        return EncoderValues.allPositive(node, key, values);
    }

    static List<Integer> readImageSize(ConfigNode node) {
        if (!node.has("image_size")) {
            throw node.error("image_size", "is required (an int for a square 2D image, or [H, W] / [D, H, W])");
        }
        boolean square = !(node.raw().get("image_size") instanceof List);
        List<Integer> size = node.intList("image_size", null);
        if (square) {
            size = List.of(size.get(0), size.get(0));
        }
        if (size.size() != 2 && size.size() != 3) {
            throw node.error("image_size", "must have 2 or 3 entries (2D or 3D images), found " + size.size());
        }
        for (int i = 0; i < size.size(); i++) {
            if (size.get(i) <= 0) {
                throw new ConfigException(node.pathOf("image_size") + "[" + i + "]", "must be positive, found " + size.get(i));
            }
        }
        return size;
    }

    private static List<Integer> readShapeScaling(ConfigNode node, int downStages) {
        boolean perStage = node.raw().get("shape_scaling") instanceof List;
        List<Integer> values = node.intList("shape_scaling", List.of(2));
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) <= 0) {
                throw node.error("shape_scaling", "scale factors must be positive, found " + values.get(i));
            }
        }
        if (!perStage) {
            return Collections.nCopies(downStages, values.get(0));
        }
        if (values.size() != downStages) {
            throw node.error("shape_scaling", "has " + values.size() + " entries but there are " + downStages
                    + " down-sampling stages (one per down_channels entry)");
        }
        return values;
    }

    /**
     * Features Flemme has and flemme4j does not build yet. Their default values are accepted (configs often
     * spell defaults out); anything else fails on its own path.
     */
    static void rejectUnsupportedFeatures(ConfigNode node) {
        Map<String, Object> defaults = Map.of("time_channel", 0, "time_injection", "gate_bias", "condition_channel", 0,
                "condition_injection", "gate_bias", "condition_first", false);
        for (Map.Entry<String, Object> d : defaults.entrySet()) {
            Object v = node.rawValue(d.getKey());
            if (v != null && !v.equals(d.getValue())) {
                // upstream's Base overwrites these with the model-level settings before building the encoder
                throw node.error(d.getKey(), "is set by the model, not the encoder: use model.time_channel,"
                        + " model.time_injection or model.condition_embedding (upstream overwrites the encoder's value)");
            }
        }
    }

    /** {@code num_heads}, {@code d_k}, {@code qkv_bias}, {@code qk_scale}, {@code atten_dropout} (upstream defaults). */
    private static AttentionSettings readAttentionSettings(ConfigNode node, double dropout) {
        int heads = EncoderValues.positive(node, "num_heads", 1);
        Object dk = node.rawValue("d_k");
        int dK = dk == null ? 0 : EncoderValues.positive(node, "d_k", 0);
        boolean qkvBias = node.bool("qkv_bias", true);
        double qkScale = node.number("qk_scale", 0.0);
        if (qkScale < 0) {
            throw node.error("qk_scale", "must be positive (or null for d_k^-0.5), found " + qkScale);
        }
        double attenDropout = node.number("atten_dropout", 0.0);
        if (attenDropout < 0 || attenDropout >= 1) {
            throw node.error("atten_dropout", "must be in [0, 1), found " + attenDropout);
        }
        return new AttentionSettings(heads, dK, qkvBias, qkScale, attenDropout, dropout);
    }

    /**
     * Upstream's FFTAttenBlock feeds a rank-6 tensor to {@code channel_transfer}, which handles rank ≤ 5 only, so
     * {@code fft_atten} crashes on 3D images there; reject it rather than invent a behaviour.
     */
    private static void rejectFftAttentionIn3d(ConfigNode node, int dims, Map<String, List<AttentionSpec>> stages) {
        if (dims != 3) {
            return;
        }
        for (String key : List.of("down_attens", "middle_attens", "up_attens", "final_attens")) {
            if (stages.get(key).stream().anyMatch(a -> a.present() && a.fft())) {
                throw node.error(key, "fft_atten works on 2D images only (upstream's FFT attention fails on 3D volumes);"
                        + " use atten for 3D");
            }
        }
    }

    /**
     * FFT attention round-trips through rfftn/irfftn, which returns an even width; upstream then fails adding the
     * skip connection when the stage's last spatial size is odd.
     */
    private static void requireEvenWidthForFftAttention(ConfigNode node, ImageEncoderSpec spec) {
        int width = spec.imageSize().get(spec.spatialDims() - 1) / spec.patchSize();
        List<Integer> down = new ArrayList<>();
        for (int i = 0; i < spec.downChannels().size(); i++) {
            down.add(width);
            width /= spec.shapeScaling().get(i);
        }
        int latent = width;
        List<Integer> up = new ArrayList<>();
        for (int scale : spec.upScaling()) {
            width *= scale;
            up.add(width);
        }
        checkEven(node, "down_attens", spec.downAttens(), down);
        checkEven(node, "middle_attens", spec.middleAttens(), java.util.Collections.nCopies(spec.middleAttens().size(), latent));
        checkEven(node, "up_attens", spec.upAttens(), up);
        checkEven(node, "final_attens", spec.finalAttens(), java.util.Collections.nCopies(spec.finalAttens().size(), width));
    }

    private static void checkEven(ConfigNode node, String key, List<AttentionSpec> attens, List<Integer> widths) {
        for (int i = 0; i < attens.size(); i++) {
            if (attens.get(i).fft() && attens.get(i).present() && widths.get(i) % 2 != 0) {
                throw node.error(key, "fft_atten needs an even width at that stage (rfftn/irfftn round-trips to an even"
                        + " size), but stage " + i + " has width " + widths.get(i));
            }
        }
    }

    static List<Integer> reversed(List<Integer> list) {
        List<Integer> r = new ArrayList<>(list);
        Collections.reverse(r);
        return List.copyOf(r);
    }

    // ---- cross-field rules (upstream create_encoder / CNNEncoder) -------------------------------

    private static void requireSomeConvolution(ConfigNode node, ImageEncoderSpec spec) {
        if (spec.downChannels().isEmpty() && spec.middleChannels().isEmpty()) {
            throw node.error("down_channels", "the encoder has no convolution stages: set down_channels and/or middle_channels");
        }
    }

    private static void requireMatchingUpAndDownStages(ConfigNode node, ImageEncoderSpec spec) {
        if (spec.upChannels().size() != spec.downChannels().size()) {
            throw node.error("up_channels", "has " + spec.upChannels().size() + " stages but down_channels has "
                    + spec.downChannels().size() + "; every down-sampling needs a matching up-sampling");
        }
    }

    private static void requireOddKernel(ConfigNode node, ImageEncoderSpec spec) {
        if (spec.kernelSize() % 2 == 0) {
            // padding (k-1)//2 keeps the size only for odd kernels; skips would not line up otherwise
            throw node.error("kernel_size", "must be odd so that convolutions keep the spatial size, found " + spec.kernelSize());
        }
    }

    private static void requireNoDenseLayers(ConfigNode node, ImageEncoderSpec spec, List<Integer> dense, List<Integer> decoderDense) {
        if (spec.kind().uShaped() && !dense.isEmpty()) {
            throw node.error("dense_channels", spec.kind().yamlName() + " does not support dense layers; remove dense_channels");
        }
        if (!dense.isEmpty() && spec.normalization() == Normalization.INSTANCE) {
            // upstream applies InstanceNorm1d to (B, C) vectors, which PyTorch reads as one unbatched sequence
            throw node.error("normalization", "instance normalisation of dense layers is not supported yet in flemme4j"
                    + " (upstream normalises across the batch there); use batch, group or layer with dense_channels");
        }
    }

    /** Upstream: decoder dense layers need encoder dense layers. */
    static void requireDenseForDecoderDense(ConfigNode node, List<Integer> dense, List<Integer> decoderDense) {
        if (dense.isEmpty() && !decoderDense.isEmpty()) {
            throw node.error("decoder_dense_channels", "needs dense_channels in the encoder (the decoder's dense layers read a vector latent)");
        }
    }

    /** Image encoders make a vector latent exactly when they have dense layers; an explicit flag must agree. */
    static void requireConsistentVectorEmbedding(ConfigNode node, List<Integer> dense) {
        Object v = node.rawValue("vector_embedding");
        if (v == null) {
            return;
        }
        if (!(v instanceof Boolean b)) {
            throw node.error("vector_embedding", "expected true or false but found " + v);
        }
        if (b && dense.isEmpty()) {
            throw node.error("vector_embedding", "an image encoder's latent is a vector only with dense layers: set dense_channels, e.g. [256]");
        }
        if (!b && !dense.isEmpty()) {
            throw node.error("vector_embedding", "is false but dense_channels " + dense + " make the latent a vector");
        }
    }

    private static void requireUNetStructure(ConfigNode node, ImageEncoderSpec spec) {
        if (!spec.kind().uShaped()) {
            return;
        }
        List<Integer> down = spec.downChannels();
        if (down.size() < 2) {
            throw node.error("down_channels", spec.kind().yamlName() + " needs at least 2 down-sampling stages, found " + down.size());
        }
        if (!reversed(spec.upChannels()).equals(down)) {
            throw node.error("up_channels", "for " + spec.kind().yamlName() + " up_channels must be down_channels reversed ("
                    + reversed(down) + "), found " + spec.upChannels());
        }
        List<Integer> middle = spec.middleChannels();
        if (spec.kind() == EncoderKind.DNET) {
            requireDNetMiddleStage(node, middle);
            return;
        }
        int last = down.get(down.size() - 1);
        if (middle.isEmpty() || middle.get(middle.size() - 1) != 2 * last) {
            throw node.error("middle_channels", spec.kind().yamlName() + " needs middle_channels[-1] == 2 × down_channels[-1] = "
                    + (2 * last) + ", found " + (middle.isEmpty() ? "no middle stage" : middle.get(middle.size() - 1)));
        }
    }

    /**
     * DNet's latent is its last middle stage (its down path ends in a concatenation of every down stage);
     * upstream indexes {@code middle_channels[-1]} and fails on an empty list.
     */
    private static void requireDNetMiddleStage(ConfigNode node, List<Integer> middle) {
        if (middle.isEmpty()) {
            throw node.error("middle_channels", "DNet needs at least one middle stage (its latent is the last middle"
                    + " stage's output), e.g. [256]");
        }
    }

    static void requireDivisibleImageSize(ConfigNode node, ImageEncoderSpec spec) {
        int total = spec.totalScaling();
        for (int size : spec.imageSize()) {
            if (size % total != 0) {
                throw node.error("image_size", size + " is not divisible by " + describeScaling(spec) + " = " + total);
            }
        }
    }

    private static String describeScaling(ImageEncoderSpec spec) {
        List<Integer> s = spec.shapeScaling();
        String formula;
        String numbers;
        if (s.isEmpty()) {
            formula = "patch_size";
            numbers = String.valueOf(spec.patchSize());
        } else if (s.stream().distinct().count() == 1) {
            formula = "patch_size × shape_scaling^depth";
            numbers = spec.patchSize() + " × " + s.get(0) + "^" + s.size();
        } else {
            formula = "patch_size × Π shape_scaling";
            numbers = spec.patchSize() + " × " + s.stream().map(String::valueOf).collect(Collectors.joining(" × "));
        }
        return formula + " = " + numbers;
    }

    private static void requireGroupDivisibleChannels(ConfigNode node, ImageEncoderSpec spec) {
        if (spec.normalization() != Normalization.GROUP) {
            return;
        }
        for (int c : spec.normalizedChannels()) {
            if (c % spec.numNormGroups() != 0) {
                throw node.error("num_norm_groups", "group normalisation needs every block width divisible by "
                        + spec.numNormGroups() + " groups, but a block has " + c + " channels");
            }
        }
    }
}
