package dev.flemme4j.modelzoo.encoder.pointcloud;

import dev.flemme4j.modelzoo.config.Activation;
import dev.flemme4j.modelzoo.config.Normalization;
import dev.flemme4j.modelzoo.config.StageChannels;
import dev.flemme4j.modelzoo.config.encoder.EncoderKind;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
import dev.flemme4j.protocol.config.ConfigNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads a {@code PointNet2} encoder mapping (bound to {@code EncoderKeys.POINTNET2}) with the defaults of upstream's
 * {@code create_encoder} and {@code PointNet2Encoder}. Upstream's scale rules: {@code num_scales} s splits a layer's
 * width w into s parts (halving from the top: for s = 2, {@code [w − w/2, w/2]}), and a single {@code k} or radius
 * into {@code [x/2^(s−1), …, x/2, x]}; a per-layer list entry that is itself a list gives the scales explicitly.
 */
public final class PointNet2SpecParser {
    private PointNet2SpecParser() {
    }

    public static ImageEncoderSpec parseEncoder(ConfigNode n) {
        PointClouds.requirePointData(n);
        PointNet2Spec s = parse(n);
        return ImageEncoderSpec.pointCloud(EncoderKind.POINTNET2, s, s.blocks().normalization(), s.blocks().numNormGroups(),
                s.blocks().activation(), s.blocks().dropout(), s.blocks().numBlocks());
    }

    public static PointNet2Spec parse(ConfigNode n) {
        n.ignore("name");
        int pointDim = positive(n, "in_channel", n.integer("in_channel", 3));
        if (pointDim < 3) {
            throw n.error("in_channel", "PointNet2 samples and groups by xyz: at least 3 channels per point, found " + pointDim);
        }
        int out = positive(n, "out_channel", n.integer("out_channel", 3));
        int pointNum = positive(n, "point_num", n.integer("point_num", 2048));
        int projection = positive(n, "projection_channel", n.integer("projection_channel", 64));
        List<Integer> fps = n.intList("fps_feature_channels", List.of());
        List<Integer> fp = n.intList("fp_channels", List.of());
        if (fps.isEmpty() && fp.isEmpty()) {
            fps = List.of(128, 256, 512, 1024);
        }
        if (fp.isEmpty()) {
            fp = reversed(fps);
        }
        if (fps.isEmpty()) {
            fps = reversed(fp);
        }
        if (fp.size() != fps.size()) {
            throw n.error("fp_channels", "needs one width per sampling layer (" + fps.size() + "), found " + fp);
        }
        int depth = fps.size();
        List<Integer> points = perLayer(n, "num_fps_points", List.of(1024, 512, 256, 64), depth);
        int previous = pointNum;
        for (int i = 0; i < depth; i++) {
            if (points.get(i) <= 0 || points.get(i) > previous) {
                throw n.error("num_fps_points", "each layer keeps between 1 and the previous level's points (point_num first),"
                        + " found " + points);
            }
            previous = points.get(i);
        }
        List<Integer> numScales = perLayer(n, "num_scales", List.of(2), depth);
        // upstream asserts num_neighbors_k > 0 on the raw value: one integer for every layer
        if (n.has("num_neighbors_k") && !(n.rawValue("num_neighbors_k") instanceof Integer)) {
            throw n.error("num_neighbors_k", "must be one integer for every layer (upstream compares it with 0), found "
                    + n.rawValue("num_neighbors_k"));
        }
        List<Object> ks = perLayerRaw(n, "num_neighbors_k", 32, depth);
        List<Object> radii = perLayerRaw(n, "neighbor_radius", List.of(0.1, 0.2, 0.4, 0.8), depth);
        List<PointNet2Spec.SamplingLayer> layers = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            int s = numScales.get(i);
            if (s <= 0) {
                throw n.error("num_scales", "must be positive, found " + numScales);
            }
            List<Integer> widths = scaleChannels(fps.get(i), s);
            List<Number> k = scaleValues(n, "num_neighbors_k", ks.get(i), s, true);
            List<Number> r = scaleValues(n, "neighbor_radius", radii.get(i), s, false);
            List<PointNet2Spec.Scale> scales = new ArrayList<>();
            for (int j = 0; j < s; j++) {
                if (k.get(j).intValue() <= 0 || widths.get(j) <= 0) {
                    throw n.error(k.get(j).intValue() <= 0 ? "num_neighbors_k" : "fps_feature_channels",
                            "every scale needs at least one neighbour and one channel (layer " + i + ")");
                }
                scales.add(new PointNet2Spec.Scale(k.get(j).intValue(), r.get(j).doubleValue(), widths.get(j)));
            }
            layers.add(new PointNet2Spec.SamplingLayer(points.get(i), scales));
        }
        boolean useXyz = n.bool("use_xyz", true);
        n.bool("sorted_query", false); // neighbours are max-pooled: their order cannot change the output
        boolean knn = knnQuery(n);
        List<Integer> dense = n.intList("dense_channels", List.of());
        if (dense.isEmpty()) {
            throw n.error("dense_channels", "PointNet2 needs at least one dense layer after pooling (upstream asserts it), e.g. [1024]");
        }
        List<Integer> decoderDense = n.intList("decoder_dense_channels", List.of());
        Normalization norm = Normalization.NAMES.read(n, "normalization", "group");
        int groups = positive(n, "num_norm_groups", n.integer("num_norm_groups", 8));
        Activation act = Activation.NAMES.read(n, "activation", "lrelu");
        double dropout = n.number("dropout", 0.0);
        if (!(dropout >= 0 && dropout < 1)) {
            throw n.error("dropout", "must be in [0, 1), found " + dropout);
        }
        int blocks = positive(n, "num_blocks", n.integer("num_blocks", 2));
        boolean vector = n.bool("vector_embedding", true);
        PointClouds.requireDenseBlock(n, n.string("building_block", "dense"), "PointNet2");
        notYet(n, "final_concat", n.bool("final_concat", false));
        notYet(n, "pos_embedding", n.has("pos_embedding") && !Boolean.FALSE.equals(n.rawValue("pos_embedding"))
                && n.rawValue("pos_embedding") != null);
        notYet(n, "voxel_resolutions", !n.intList("voxel_resolutions", List.of()).isEmpty());
        notYet(n, "decoder_voxel_resolutions", !n.intList("decoder_voxel_resolutions", List.of()).isEmpty());
        notYet(n, "channel_attention", n.has("channel_attention") && n.rawValue("channel_attention") != null);
        n.ignore("return_xyz", "is_point2decoder", "time_channel", "time_injection", "condition_channel", "condition_injection",
                "condition_first");
        n.rejectUnknownKeys();
        PointNet2Spec spec = new PointNet2Spec(pointDim, out, pointNum, projection, layers, useXyz, knn, dense, fp, decoderDense,
                new PointBlockSettings(norm, groups, act, dropout, blocks), vector);
        if (norm == Normalization.GROUP) {
            requireGroups(n, spec);
        }
        return spec;
    }

    private static boolean knnQuery(ConfigNode n) {
        Object raw = n.rawValue("knn_query");
        if (raw == null || Boolean.FALSE.equals(raw)) {
            return false;
        }
        if ("xyz".equals(raw) || "xyz_embed".equals(raw)) {
            return true; // without pos_embedding the embedded coordinates are the input's own
        }
        if ("feature".equals(raw)) {
            throw n.error("knn_query", "'feature' (neighbours in feature space) is not supported yet in flemme4j; use xyz or false");
        }
        throw n.error("knn_query", "must be false, xyz, xyz_embed or feature, found " + raw);
    }

    /** Upstream's get_scale_channel. */
    static List<Integer> scaleChannels(int width, int scales) {
        if (scales == 1) {
            return List.of(width);
        }
        List<Integer> res = new ArrayList<>();
        int last = width;
        int sum = 0;
        for (int i = 0; i < scales - 1; i++) {
            last = last / 2;
            res.add(last);
            sum += last;
        }
        res.add(width - sum);
        Collections.reverse(res);
        return res;
    }

    /** A layer's per-scale values: an explicit list, or upstream's get_scale_parameter of one value. */
    private static List<Number> scaleValues(ConfigNode n, String key, Object raw, int scales, boolean integer) {
        if (raw instanceof List<?> list) {
            if (list.size() != scales) {
                throw n.error(key, "a per-scale list needs num_scales (" + scales + ") entries, found " + list);
            }
            return list.stream().map(v -> number(n, key, v)).toList();
        }
        Number v = number(n, key, raw);
        List<Number> out = new ArrayList<>();
        for (int i = scales - 1; i >= 0; i--) {
            double x = v.doubleValue() / Math.pow(2, i);
            out.add(integer ? (Number) (int) x : (Number) x);
        }
        return out;
    }

    private static Number number(ConfigNode n, String key, Object v) {
        if (!(v instanceof Number num)) {
            throw n.error(key, "expected numbers, found " + v);
        }
        return num;
    }

    /** One value per layer: a scalar repeated, or a list of {@code depth} entries. */
    private static List<Object> perLayerRaw(ConfigNode n, String key, Object dflt, int depth) {
        Object raw = n.has(key) ? n.rawValue(key) : dflt;
        if (raw instanceof List<?> list) {
            if (list.size() != depth) {
                throw n.error(key, "needs one entry per sampling layer (" + depth + "), found " + list);
            }
            return new ArrayList<>(list);
        }
        return new ArrayList<>(Collections.nCopies(depth, raw));
    }

    private static List<Integer> perLayer(ConfigNode n, String key, List<Integer> dflt, int depth) {
        List<Object> raw = perLayerRaw(n, key, dflt.size() == 1 ? dflt.get(0) : dflt, depth);
        return raw.stream().map(v -> number(n, key, v).intValue()).toList();
    }

    private static List<Integer> reversed(List<Integer> v) {
        List<Integer> r = new ArrayList<>(v);
        Collections.reverse(r);
        return r;
    }

    private static void notYet(ConfigNode n, String key, boolean used) {
        if (used) {
            throw n.error(key, "is known to Flemme but not supported yet for PointNet2 in flemme4j");
        }
    }

    private static int positive(ConfigNode n, String key, int value) {
        if (value <= 0) {
            throw n.error(key, "must be a positive integer, found " + value);
        }
        return value;
    }

    private static void requireGroups(ConfigNode n, PointNet2Spec s) {
        List<Integer> widths = new ArrayList<>();
        for (int l = 0; l < s.layers().size(); l++) {
            for (PointNet2Spec.Scale sc : s.layers().get(l).scales()) {
                List<Integer> c = StageChannels.stage(s.groupedChannel(l), sc.channel(), s.blocks().numBlocks());
                widths.addAll(c.subList(1, c.size()));
            }
        }
        widths.addAll(s.denseChannels());
        for (int[] fp : s.propagation()) {
            List<Integer> c = StageChannels.stage(fp[0] + fp[1], fp[2], s.blocks().numBlocks());
            widths.addAll(c.subList(1, c.size()));
        }
        widths.addAll(s.decoderDenseChannels());
        for (int c : widths) {
            if (c % s.blocks().numNormGroups() != 0) {
                throw n.error("num_norm_groups", c + " channels of this PointNet2 are not divisible into "
                        + s.blocks().numNormGroups() + " groups");
            }
        }
    }
}
