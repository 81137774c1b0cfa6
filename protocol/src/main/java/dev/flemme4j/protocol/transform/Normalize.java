package dev.flemme4j.protocol.transform;

import static dev.flemme4j.protocol.registry.KeyType.BOOL;
import static dev.flemme4j.protocol.registry.KeyType.NUMBER_LIST;
import static dev.flemme4j.protocol.registry.KeyType.STRING;

import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.image.SpatialImage;
import dev.flemme4j.protocol.pointcloud.PointCloud;
import dev.flemme4j.protocol.pointcloud.PointCloudTransforms;
import dev.flemme4j.protocol.registry.Key;
import dev.flemme4j.protocol.registry.KeySet;
import dev.flemme4j.protocol.spec.TransformSpec;
import java.util.List;
import dev.flemme4j.protocol.model.Preprocessing;

/** Per-channel {@code (x - mean) / std}; in 3D without mean and std, each volume's z-score. */
final class Normalize extends Transform {
    Normalize() {
        super("Normalize", "(x - mean) / std per channel; 3D without mean and std: each volume's z-score",
                KeySet.of(Key.required("mean", NUMBER_LIST, "one per channel, or one for all (3D: optional, with std)"),
                        Key.required("std", NUMBER_LIST, "non-zero; one per channel, or one for all (3D: optional, with mean)")),
                KeySet.of(Key.of("mean", NUMBER_LIST, null, "with std, or neither for a per-volume z-score"),
                        Key.of("std", NUMBER_LIST, null, "with mean, or neither for a per-volume z-score"),
                        Key.of("channelwise", BOOL, "false", "z-score each channel on its own (3D)")),
                KeySet.of(Key.of("method", STRING, "minmax", "(point clouds) centre at the bounding-box middle (minmax) or"
                        + " the mean, then one scale so the largest |coordinate| is 1")));
    }

    @Override
    public TransformSpec parse(ConfigNode n, int dim) {
        if (dim == PCD) {
            String method = n.choice("method", "minmax", List.of("minmax", "mean"));
            return TransformSpec.of(name(), method.equals("mean") ? PointCloudTransforms.Centre.MEAN
                    : PointCloudTransforms.Centre.MINMAX);
        }
        boolean channelwise = false;
        if (dim == 3) {
            channelwise = n.bool("channelwise", false);
            if (!n.has("mean") && !n.has("std")) {
                // vol_transforms.Normalize without mean/std standardises each volume (z-score)
                return new TransformSpec(name(), null, null, null, null, 0, 0, 0, null, List.of(), 0, channelwise);
            }
            if (!n.has("mean") || !n.has("std")) {
                throw n.error(n.has("mean") ? "std" : "mean", "give both mean and std, or neither (per-volume z-score)");
            }
        }
        return new TransformSpec(name(), null, null, requireList(n, "mean"), requireList(n, "std"), 0, 0, 0, null,
                List.of(), 0, channelwise);
    }

    private static List<Double> requireList(ConfigNode n, String key) {
        List<Double> v = n.numberList(key, null);
        if (v == null || v.isEmpty()) {
            throw n.error(key, "is required for Normalize");
        }
        if (key.equals("std") && v.stream().anyMatch(s -> s == 0)) {
            throw n.error(key, "standard deviations must be non-zero, got " + v);
        }
        return v;
    }

    @Override
    public SpatialImage apply(SpatialImage x, TransformSpec t, ImagePass pass) {
        return t.mean() == null ? x.standardize(t.channelwise()) : x.normalize(t.mean(), t.std());
    }

    @Override
    public PointCloud applyPoints(PointCloud c, TransformSpec t, Draws draws, String at) {
        return PointCloudTransforms.normalize(c, (PointCloudTransforms.Centre) t.params());
    }

    @Override
    public SampleShape shape(SampleShape in, TransformSpec t, String at, String file) {
        if (t.params() == null && t.mean() != null) {
            perChannel(t.mean(), in.channels(), at + ".mean", file);
            perChannel(t.std(), in.channels(), at + ".std", file);
        }
        return in;
    }

    private static void perChannel(List<Double> values, int channels, String key, String file) {
        if (values.size() != 1 && values.size() != channels) {
            throw new TransformRejection(TransformRejection.Problem.SHAPE, key, "has " + values.size() + " values but the"
                    + " images have " + channels + " channel(s) at this point (e.g. " + file + "); give one value or one"
                    + " per channel");
        }
    }

    /** The served model normalizes as the last Normalize of the training data transforms did. */
    @Override
    public Preprocessing.Normalize servingNormalize(TransformSpec t, Preprocessing.Normalize before) {
        if (t.params() != null) {
            // a point cloud's normalisation depends on the cloud itself: no fixed mean/std for serving
            return before;
        }
        return new Preprocessing.Normalize(t.mean(), t.std());
    }
}
