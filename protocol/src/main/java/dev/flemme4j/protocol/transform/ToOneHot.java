package dev.flemme4j.protocol.transform;

import static dev.flemme4j.protocol.registry.KeyType.INT;

import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.image.SpatialImage;
import dev.flemme4j.protocol.pointcloud.PointCloud;
import dev.flemme4j.protocol.registry.Key;
import dev.flemme4j.protocol.registry.KeySet;
import dev.flemme4j.protocol.spec.TransformSpec;
import java.util.List;
import java.util.OptionalInt;

/** A label map (or a class index) to one-hot channels; Flemme keeps a binary map as one channel. */
final class ToOneHot extends Transform {
    ToOneHot() {
        super("ToOneHot", "a one-channel label map (or a class index) to num_classes one-hot channels (2: one channel)",
                sameKeys(), sameKeys(), sameKeys());
    }

    /** Per-point labels {@code (N, 1)} to {@code (N, num_classes)} channels last (2 classes: kept as one channel). */
    @Override
    public PointCloud applyPoints(PointCloud c, TransformSpec t, Draws draws, String at) {
        int k = t.numClasses();
        if (c.dims() != 1) {
            throw new TransformRejection(TransformRejection.Problem.SHAPE, at + ".name", "ToOneHot needs one label per"
                    + " point, but the labels have " + c.dims() + " columns at this point");
        }
        float[] out = new float[c.points() * (k == 2 ? 1 : k)];
        for (int i = 0; i < c.points(); i++) {
            float v = c.get(i, 0);
            if (v < 0 || v >= k || v != Math.rint(v)) {
                throw new TransformRejection(TransformRejection.Problem.DATA, at + ".num_classes", "point " + i
                        + " has label " + v + ", not a class index in [0, " + k + ")");
            }
            if (k == 2) {
                out[i] = v;
            } else {
                out[i * k + (int) v] = 1;
            }
        }
        return new PointCloud(out, c.points(), k == 2 ? 1 : k);
    }

    private static KeySet sameKeys() {
        return KeySet.of(Key.required("num_classes", INT, "at least 2"));
    }

    @Override
    public TransformSpec parse(ConfigNode n, int dim) {
        if (!n.has("num_classes")) {
            throw n.error("num_classes", "is required for ToOneHot");
        }
        int k = n.integer("num_classes", 0);
        if (k < 2) {
            throw n.error("num_classes", "must be at least 2, got " + k);
        }
        return new TransformSpec(name(), null, null, null, null, 0, 0, k, null, List.of(), 0, false);
    }

    @Override
    public SpatialImage apply(SpatialImage x, TransformSpec t, ImagePass pass) {
        try {
            return x.oneHot(t.numClasses());
        } catch (IllegalArgumentException e) {
            throw new TransformRejection(TransformRejection.Problem.DATA, pass.path() + ".num_classes", pass.sample() + ": "
                    + e.getMessage() + (pass.first() ? "; a Relabel before it may help" : " after the transforms before it"));
        }
    }

    @Override
    public SampleShape shape(SampleShape in, TransformSpec t, String at, String file) {
        if (in.channels() != 1) {
            throw new TransformRejection(TransformRejection.Problem.SHAPE, at + ".name", "ToOneHot needs a one-channel label"
                    + " map, but " + file + " has " + in.channels() + " channels at this point");
        }
        return in.withChannels(t.numClasses() == 2 ? 1 : t.numClasses());
    }

    @Override
    public boolean changesValueType() {
        return true;
    }

    @Override
    public OptionalInt oneHotClasses(TransformSpec t) {
        return OptionalInt.of(t.numClasses());
    }

    @Override
    public boolean appliesToClassIndex() {
        return true;
    }

    @Override
    public void applyToClassIndex(ClassIndex c, TransformSpec t, String at, boolean first, String sample) {
        if (c.encoded()) {
            throw new TransformRejection(TransformRejection.Problem.LOADER, at, "ToOneHot applied twice");
        }
        if (c.value() < 0 || c.value() >= t.numClasses()) {
            throw new TransformRejection(TransformRejection.Problem.DATA, at + ".num_classes", "class index " + c.value()
                    + " of sample " + sample + " is outside [0, " + t.numClasses() + ")"
                    + (first ? "; a Relabel with offset: -1 maps 1-based classes" : " after the transforms before it"));
        }
        c.encode(t.numClasses());
    }
}
