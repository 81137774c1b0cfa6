package dev.flemme4j.modelzoo.config.encoder;

import static dev.flemme4j.protocol.registry.KeyType.ANY;
import static dev.flemme4j.protocol.registry.KeyType.BOOL;
import static dev.flemme4j.protocol.registry.KeyType.INT;
import static dev.flemme4j.protocol.registry.KeyType.INT_LIST;
import static dev.flemme4j.protocol.registry.KeyType.INT_OR_LIST;
import static dev.flemme4j.protocol.registry.KeyType.NAME;
import static dev.flemme4j.protocol.registry.KeyType.NUMBER;
import static dev.flemme4j.protocol.registry.KeyType.STRING_LIST;

import dev.flemme4j.protocol.registry.Key;
import dev.flemme4j.protocol.registry.KeySet;

/**
 * The declared keys of {@code model.encoder} with upstream's {@code create_encoder}/{@code CNNEncoder} defaults and
 * the older spellings upstream renamed (first public release 0be9dad, 2024-08-16, and the 2024 docs).
 */
public final class EncoderKeys {
    private static final String SET_BY_MODEL = "set by the model (upstream overwrites the encoder's value): only the default";

    static final Key NAME_KEY = Key.required("name", NAME, "the encoder");
    static final Key IN_CHANNEL = Key.required("in_channel", INT, "input channels");
    static final Key OUT_CHANNEL = Key.of("out_channel", INT, "in_channel", "output channels of the decoder");
    static final Key NUM_BLOCKS = Key.of("num_blocks", INT, "2", "building blocks per stage").alias("num_block");
    static final Key NORMALIZATION = Key.of("normalization", NAME, "group", "group, batch, instance or layer");
    static final Key NUM_NORM_GROUPS = Key.of("num_norm_groups", INT, "8", "groups of group normalisation").alias("num_group");
    static final Key DROPOUT = Key.of("dropout", NUMBER, "0.0", "dropout rate in [0, 1)");
    static final Key VECTOR_EMBEDDING = Key.of("vector_embedding", BOOL, null, "whether the latent is a vector (must agree"
            + " with dense_channels)");

    /** CNN, UNet and DNet. */
    public static final KeySet CNN_FAMILY = KeySet.of(NAME_KEY,
            Key.required("image_size", INT_OR_LIST, "an int for a square 2D image, or [H, W] / [D, H, W]"),
            IN_CHANNEL, OUT_CHANNEL,
            Key.of("patch_size", INT, "2", "stride of the patch projection").alias("proj_scaling"),
            Key.of("patch_channel", INT, "32", "channels after the patch projection").alias("proj_channel"),
            Key.of("down_channels", INT_LIST, "[]", "channels of the down-sampling stages (default: up_channels reversed)"),
            Key.of("middle_channels", INT_LIST, "[]", "channels of the middle stages"),
            Key.of("up_channels", INT_LIST, "[]", "channels of the up-sampling stages (default: down_channels reversed)"),
            Key.of("final_channels", INT_LIST, "[]", "channels of the decoder's final stages"),
            Key.of("building_block", NAME, "single", "single, double, res, conv or double_conv"),
            NUM_BLOCKS, NORMALIZATION, NUM_NORM_GROUPS,
            Key.of("activation", NAME, "relu", "relu, lrelu, elu, silu/swish or gelu"),
            DROPOUT,
            Key.of("kernel_size", INT, "3", "odd convolution kernel size"),
            Key.of("dsample_function", NAME, "conv", "conv, max_pooling or avg_pooling"),
            Key.of("usample_function", NAME, "conv", "conv (transposed) or interpolation"),
            Key.of("shape_scaling", INT_OR_LIST, "2", "down-sampling factor, one value or one per down stage"),
            Key.of("depthwise", BOOL, "false", "depthwise-separable convolutions"),
            Key.of("dense_channels", INT_LIST, "[]", "dense layers after the last stage: a vector latent").alias("fc_channels"),
            Key.of("decoder_dense_channels", INT_LIST, "dense_channels reversed", "the decoder's dense layers")
                    .alias("decode_fc_channels", "decode_dense_channels"),
            VECTOR_EMBEDDING,
            Key.of("down_attens", STRING_LIST, "null", "per down stage: null, atten, fft_atten or Nxatten"),
            Key.of("middle_attens", STRING_LIST, "null", "per middle stage"),
            Key.of("up_attens", STRING_LIST, "null", "per up stage"),
            Key.of("final_attens", STRING_LIST, "null", "per final stage"),
            Key.of("num_heads", INT, "1", "attention heads"),
            Key.of("d_k", INT, null, "width of one head (default: channels / num_heads)"),
            Key.of("qkv_bias", BOOL, "true", "bias of the q, k, v projections"),
            Key.of("qk_scale", NUMBER, null, "attention scale (default d_k^-0.5)"),
            Key.of("atten_dropout", NUMBER, "0.0", "attention dropout in [0, 1)"),
            Key.of("channel_attention", ANY, null, "eca, eca-ns or {method, kernel_size}"),
            Key.of("abs_pos_embedding", BOOL, "false", "a learned absolute position parameter after the patch projection"),
            Key.of("time_channel", INT, "0", SET_BY_MODEL),
            Key.of("time_injection", NAME, "gate_bias", SET_BY_MODEL),
            Key.of("condition_channel", INT, "0", SET_BY_MODEL),
            Key.of("condition_injection", NAME, "gate_bias", SET_BY_MODEL),
            Key.of("condition_first", BOOL, "false", SET_BY_MODEL));

    /**
     * ViT/ViTU/ViTD and Swin/SwinU/SwinD (upstream ViTEncoder/SwinEncoder defaults; {@code building_block} is required
     * because upstream's default {@code single} is refused by these encoders).
     */
    public static KeySet transformer(EncoderKind kind) {
        boolean swin = kind.windowed();
        KeySet keys = KeySet.of(NAME_KEY,
                Key.required("image_size", INT_OR_LIST, "an int for a square 2D image, or [H, W] / [D, H, W]"),
                IN_CHANNEL, OUT_CHANNEL,
                Key.of("patch_size", INT, "2", "patch size (1 or even)").alias("proj_scaling"),
                Key.of("patch_channel", INT, "32", "channels of the patch embedding").alias("proj_channel"),
                Key.of("down_channels", INT_LIST, "[]", "channels of the stages before each patch merging"),
                Key.of("middle_channels", INT_LIST, "[]", "channels of the middle stages"),
                Key.of("up_channels", INT_LIST, "[]", "channels of the stages after each patch expansion (default: down reversed)"),
                Key.of("final_channels", INT_LIST, "[]", "not supported (upstream's decoder fails to build final stages)"),
                Key.required("building_block", NAME, swin ? "swin, double_swin or res_swin" : "vit"),
                NUM_BLOCKS, NORMALIZATION, NUM_NORM_GROUPS,
                Key.of("activation", NAME, "silu", "relu, lrelu, elu, silu/swish or gelu"),
                DROPOUT,
                Key.of("atten_dropout", NUMBER, "0.0", "attention dropout in [0, 1)"),
                Key.of("drop_path", NUMBER, "0.1", "largest stochastic-depth rate (linearly increasing over the blocks)"),
                Key.of("dense_channels", INT_LIST, "[]", "dense layers after the last stage: a vector latent").alias("fc_channels"),
                Key.of("decoder_dense_channels", INT_LIST, "dense_channels reversed", "the decoder's dense layers")
                        .alias("decode_fc_channels", "decode_dense_channels"),
                VECTOR_EMBEDDING,
                Key.of("down_num_heads", INT_OR_LIST, "3", "attention heads per down stage"),
                Key.of("middle_num_heads", INT_OR_LIST, "3", "attention heads per middle stage"),
                Key.of("up_num_heads", INT_OR_LIST, "3", "attention heads per up stage"),
                Key.of("final_num_heads", INT_OR_LIST, "3", "attention heads per final stage"),
                Key.of("mlp_hidden_ratios", ANY, "[4.0]", "hidden widths of the MLP as multiples of its input width"),
                Key.of("qkv_bias", BOOL, "true", "bias of the q, k, v projections"),
                Key.of("qk_scale", NUMBER, null, "attention scale (default d_k^-0.5)"),
                Key.of("abs_pos_embedding", BOOL, kind == EncoderKind.VIT ? "true" : "false",
                        "a learned absolute position parameter after the patch embedding"),
                Key.of("return_feature_list", BOOL, "false", "set by the model"),
                Key.of("scan_mode", ANY, null, "VMamba's key; upstream's Swin configs carry it").withoutEffect("a VMamba key"),
                Key.of("flip_scan", ANY, null, "VMamba's key").withoutEffect("a VMamba key"),
                Key.of("time_channel", INT, "0", SET_BY_MODEL),
                Key.of("time_injection", NAME, "gate_bias", SET_BY_MODEL),
                Key.of("condition_channel", INT, "0", SET_BY_MODEL),
                Key.of("condition_injection", NAME, "gate_bias", SET_BY_MODEL),
                Key.of("condition_first", BOOL, "false", SET_BY_MODEL));
        return swin ? keys.plus(Key.of("window_size", INT_OR_LIST, "8", "attention window, one value or one per axis")) : keys;
    }

    /** FCN (2024: PointWise), the vector encoder. */
    public static final KeySet FCN = KeySet.of(NAME_KEY,
            Key.of("data_form", NAME, "VEC", "must be VEC"),
            IN_CHANNEL, OUT_CHANNEL,
            Key.required("building_block", NAME, "dense, fc, double_dense, double_fc, res_dense or res_fc"),
            Key.of("seq_feature_channels", INT_LIST, "[256]", "layer widths, one stage each (the 2024 PointWise configs"
                    + " call them dense_channels)").alias("dense_channels", "fc_channels"),
            NUM_BLOCKS, NORMALIZATION, NUM_NORM_GROUPS,
            Key.of("activation", NAME, "lrelu", "relu, lrelu, elu, silu/swish or gelu"),
            DROPOUT, VECTOR_EMBEDDING,
            Key.of("decoder_dense_channels", INT_LIST, null, "not read by upstream's FCN decoder: refused")
                    .alias("decode_fc_channels", "decode_dense_channels"));

    /** Keys every point-cloud encoder shares (upstream create_encoder's PCD branch and PointNetEncoder). */
    private static final KeySet POINT_COMMON = KeySet.of(NAME_KEY,
            Key.of("data_form", NAME, "PCD", "must be PCD (upstream sets it from the encoder name)"),
            Key.of("in_channel", INT, "3", "coordinates (plus features) per input point"),
            Key.of("out_channel", INT, "3", "values per output point (classes for SeM)"),
            Key.of("point_num", INT, "2048", "points per cloud (the input's, and a decoded cloud's)"),
            Key.of("projection_channel", INT, "64", "width of the per-point Linear projection"),
            Key.required("building_block", NAME, "dense or fc (2024 PointNet: single); double_/res_ variants: not supported yet"),
            NUM_BLOCKS, NORMALIZATION, NUM_NORM_GROUPS,
            Key.of("activation", NAME, "lrelu", "relu, lrelu, elu, silu/swish or gelu"),
            DROPOUT,
            Key.of("vector_embedding", BOOL, "true", "one latent vector per cloud; false: one per point"),
            Key.of("dense_channels", INT_LIST, "[]", "dense layers after pooling (at least one)").alias("fc_channels"),
            Key.of("decoder_dense_channels", INT_LIST, "[]", "the decoder's dense layers")
                    .alias("decode_dense_channels", "decode_fc_channels"),
            Key.of("voxel_resolutions", INT_LIST, "[]", "point-voxel fusion (not supported yet: only [])"),
            Key.of("voxel_attens", ANY, null, "point-voxel fusion").withoutEffect("voxel_resolutions is empty"),
            Key.of("voxel_conv_kernel_size", INT, "3", "point-voxel fusion").withoutEffect("voxel_resolutions is empty"),
            Key.of("with_se", BOOL, "false", "point-voxel fusion").withoutEffect("voxel_resolutions is empty"),
            Key.of("coordinate_normalize", BOOL, "true", "point-voxel fusion").withoutEffect("voxel_resolutions is empty"),
            Key.of("channel_attention", ANY, null, "channel attention after each stage (not supported yet: only null)"),
            Key.of("time_channel", INT, "0", SET_BY_MODEL),
            Key.of("time_injection", NAME, "gate_bias", SET_BY_MODEL),
            Key.of("condition_channel", INT, "0", SET_BY_MODEL),
            Key.of("condition_injection", NAME, "gate_bias", SET_BY_MODEL),
            Key.of("condition_first", BOOL, "false", SET_BY_MODEL));

    /** PointNet (EdgeConv/DGCNN with num_neighbors_k > 0) and its decoder. */
    public static final KeySet POINTNET = POINT_COMMON.plus(
            Key.of("num_neighbors_k", INT, "0", "EdgeConv neighbours; 0: point-wise local features"),
            Key.of("local_feature_channels", INT_LIST, "[64, 128, 256]", "local-feature stage widths (at least two)")
                    .alias("conv_channels"),
            Key.of("final_channels", INT_LIST, "[512, 512]", "hidden widths of the decoder's final MLP"),
            Key.of("pointwise", BOOL, "false", "the 2024 spelling: pointwise: true is vector_embedding: false"),
            Key.of("folding_times", INT, "0", "0: the dense decoder; at least 2: FoldingNet folds of the base shape"),
            Key.of("base_shape_config", ANY, "{type: grid2d}", "folded shape: {type: grid2d, width, height} or"
                    + " {type: cylinder, height, radius, height_axis}"),
            Key.of("folding_hidden_channels", INT_LIST, "[512, 512]", "hidden widths of each fold's MLP"),
            Key.of("base_shape", ANY, null, "a spelling in upstream's ShapeNet configs").withoutEffect("upstream reads"
                    + " base_shape_config only"));

    /** PointNet2 (PointNet++: furthest point sampling, grouping, feature propagation) and its decoder. */
    public static final KeySet POINTNET2 = POINT_COMMON.plus(
            Key.of("num_fps_points", INT_OR_LIST, "[1024, 512, 256, 64]", "centres kept by each sampling layer"),
            Key.of("num_neighbors_k", INT, "32", "largest neighbour count per centre (scale i of s groups k/2^(s-1-i))"),
            Key.of("neighbor_radius", ANY, "[0.1, 0.2, 0.4, 0.8]", "ball-query radius: one value, one per layer or per scale"),
            Key.of("fps_feature_channels", INT_LIST, "[128, 256, 512, 1024]", "output width of each sampling layer"),
            Key.of("fp_channels", INT_LIST, "fps_feature_channels reversed", "output width of each propagation layer"),
            Key.of("num_scales", INT_OR_LIST, "2", "grouping scales per sampling layer (multi-scale grouping)"),
            Key.of("use_xyz", BOOL, "true", "group the relative coordinates with the features"),
            Key.of("sorted_query", BOOL, "false", "order the ball-query neighbours by distance"),
            Key.of("knn_query", ANY, "false", "false: ball query; xyz: k nearest neighbours in coordinates"),
            Key.of("final_concat", BOOL, "false", "a final MLP over all sampling layers' features (not supported yet)"),
            Key.of("pos_embedding", ANY, "false", "a learned position embedding (not supported yet: only false)"),
            Key.of("return_xyz", BOOL, "false", "set by the model"),
            Key.of("is_point2decoder", BOOL, null, "set by the model"),
            Key.of("decoder_voxel_resolutions", INT_LIST, "[]", "decoder point-voxel fusion (not supported yet: only [])"),
            Key.of("decoder_voxel_attens", ANY, null, "decoder point-voxel fusion").withoutEffect("decoder_voxel_resolutions is empty"));

    private EncoderKeys() {
    }
}
