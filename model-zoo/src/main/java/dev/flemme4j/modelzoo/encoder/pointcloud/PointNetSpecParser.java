package dev.flemme4j.modelzoo.encoder.pointcloud;

import dev.flemme4j.modelzoo.config.Activation;
import dev.flemme4j.modelzoo.config.Normalization;
import dev.flemme4j.modelzoo.config.encoder.EncoderKind;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
import dev.flemme4j.protocol.config.ConfigNode;
import java.util.List;

/**
 * Reads a {@code PointNet} encoder mapping with upstream's defaults (create_encoder's for the lists it pops,
 * the classes' for the rest). The 2024 spellings {@code conv_channels}, {@code fc_channels} and
 * {@code decode_dense_channels} are renamed by the key set ({@code EncoderKeys.POINTNET}) before this parser
 * reads the section. Options flemme4j does not build yet are refused by name.
 */
public final class PointNetSpecParser {
    private PointNetSpecParser() {
    }

    /** The encoder spec the architectures take, from a section bound to {@code EncoderKeys.POINTNET}. */
    public static ImageEncoderSpec parseEncoder(ConfigNode n) {
        PointClouds.requirePointData(n);
        PointNetSpec s = parse(n);
        return ImageEncoderSpec.pointCloud(EncoderKind.POINTNET, s, s.normalization(), s.numNormGroups(), s.activation(),
                s.dropout(), s.numBlocks());
    }

    public static PointNetSpec parse(ConfigNode n) {
        n.ignore("name");
        int pointDim = positive(n, "in_channel", n.integer("in_channel", 3));
        int out = positive(n, "out_channel", n.integer("out_channel", 3));
        int pointNum = positive(n, "point_num", n.integer("point_num", 2048));
        int projection = positive(n, "projection_channel", n.integer("projection_channel", 64));
        int k = n.integer("num_neighbors_k", 0);
        if (k < 0) {
            throw n.error("num_neighbors_k", "must be 0 (no neighbour graph) or a positive integer, found " + k);
        }
        List<Integer> local = channels(n, "local_feature_channels", List.of(64, 128, 256));
        if (local.size() < 2) {
            throw n.error("local_feature_channels", "needs at least two widths (upstream asserts it), found " + local);
        }
        int blocks = positive(n, "num_blocks", n.integer("num_blocks", 2));
        List<Integer> dense = channels(n, "dense_channels", List.of());
        if (dense.isEmpty()) {
            throw n.error("dense_channels", "PointNet needs at least one dense layer after pooling, e.g. dense_channels: [256]");
        }
        List<Integer> decoderDense = channels(n, "decoder_dense_channels", List.of());
        List<Integer> fin = channels(n, "final_channels", List.of(512, 512));
        Normalization norm = Normalization.NAMES.read(n, "normalization", "group");
        int groups = positive(n, "num_norm_groups", n.integer("num_norm_groups", 8));
        Activation act = Activation.NAMES.read(n, "activation", "lrelu");
        double dropout = n.number("dropout", 0.0);
        if (!(dropout >= 0 && dropout < 1)) {
            throw n.error("dropout", "must be in [0, 1), found " + dropout);
        }
        // the 2024 PointNet's 'single' was a 1x1 convolution block per point: HEAD's dense block
        String block = n.string("building_block", "dense").replace("single", "dense");
        PointClouds.requireDenseBlock(n, block, "PointNet"); // the 2024 'single' passes: HEAD's dense
        boolean vector = vectorEmbedding(n);
        int folding = n.integer("folding_times", 0);
        if (folding < 0 || folding == 1) {
            throw n.error("folding_times", "must be 0 (the dense decoder) or at least 2 (upstream folds twice at least), found " + folding);
        }
        if (folding > 0 && !vector) {
            throw n.error("folding_times", "a folding decoder needs vector embeddings (upstream asserts it); set vector_embedding: true");
        }
        List<Integer> foldingHidden = channels(n, "folding_hidden_channels", List.of(512, 512));
        FoldingShape shape = folding > 0 ? baseShape(n) : FoldingShape.GRID;
        if (folding == 0) {
            n.ignore("base_shape_config");
        }
        notYet(n, "voxel_resolutions", !n.intList("voxel_resolutions", List.of()).isEmpty());
        n.ignore("voxel_attens", "voxel_conv_kernel_size", "with_se", "coordinate_normalize");
        notYet(n, "channel_attention", n.has("channel_attention") && n.rawValue("channel_attention") != null);
        n.rejectUnknownKeys();
        PointNetSpec spec = new PointNetSpec(pointDim, out, pointNum, projection, k, local, blocks, dense, decoderDense, fin,
                norm, groups, act, dropout, vector, folding, foldingHidden, shape);
        if (norm == Normalization.GROUP) {
            requireGroups(n, spec);
        }
        return spec;
    }

    /** {@code base_shape_config}: the shapes upstream builds and folds correctly (grid2d, cylinder). */
    private static FoldingShape baseShape(ConfigNode n) {
        ConfigNode c = n.has("base_shape_config") ? n.node("base_shape_config") : new ConfigNode(n.pathOf("base_shape_config"), java.util.Map.of());
        String type = c.string("type", "grid2d");
        switch (type) {
            case "grid2d" -> {
                FoldingShape s = new FoldingShape(type, c.number("width", 1.0), c.number("height", 1.0), 0.15, "z");
                c.rejectUnknownKeys();
                return s;
            }
            case "cylinder" -> {
                String axis = c.choice("height_axis", "z", List.of("x", "y", "z"));
                FoldingShape s = new FoldingShape(type, 1.0, c.number("height", 1.6), c.number("radius", 0.15), axis);
                c.rejectUnknownKeys();
                return s;
            }
            case "grid3d", "icosphere", "uvsphere" -> throw c.error("type", "'" + type + "' does not fold upstream (its base"
                    + " shape width is unset, so icosphere and uvsphere do not build, or wrong, so grid3d fails in its first forward"
                    + " pass); use grid2d or cylinder");
            default -> throw c.error("type", "unknown base shape '" + type + "'; upstream has grid2d, grid3d, cylinder, icosphere, uvsphere");
        }
    }

    /** HEAD's {@code vector_embedding}, or the 2024 {@code pointwise} (its negation); both must agree. */
    private static boolean vectorEmbedding(ConfigNode n) {
        boolean vector = n.bool("vector_embedding", true);
        if (n.has("pointwise")) {
            boolean pointwise = n.bool("pointwise", false);
            if (n.has("vector_embedding") && pointwise == vector) {
                throw n.error("pointwise", "is the 2024 negation of vector_embedding, and the two disagree; give only vector_embedding");
            }
            return !pointwise;
        }
        return vector;
    }

    private static void notYet(ConfigNode n, String key, boolean used) {
        if (used) {
            throw n.error(key, "is known to Flemme but not supported yet for PointNet in flemme4j");
        }
    }

    private static List<Integer> channels(ConfigNode n, String key, List<Integer> dflt) {
        return widths(n, key, n.intList(key, dflt));
    }

    private static List<Integer> widths(ConfigNode n, String key, List<Integer> values) {
        for (int v : values) {
            if (v <= 0) {
                throw n.error(key, "widths must be positive, found " + values);
            }
        }
        return values;
    }

    private static int positive(ConfigNode n, String key, int value) {
        if (value <= 0) {
            throw n.error(key, "must be a positive integer, found " + value);
        }
        return value;
    }

    /** Every normalised width must split into num_norm_groups groups; fail on the YAML, not in the first forward pass. */
    private static void requireGroups(ConfigNode n, PointNetSpec s) {
        int g = s.numNormGroups();
        for (int c : PointNetWidths.normalised(s)) {
            if (c % g != 0) {
                throw n.error("num_norm_groups", c + " channels of this PointNet are not divisible into " + g + " groups");
            }
        }
    }
}
