package dev.flemme4j.protocol.transform;

import dev.flemme4j.protocol.image.SpatialImage;
import dev.flemme4j.protocol.model.Preprocessing;
import dev.flemme4j.protocol.pointcloud.PointCloud;
import dev.flemme4j.protocol.spec.TransformSpec;
import java.util.List;

/** A parsed transform list run in list order, each step dispatched to its registered {@link Transform}. */
public final class TransformChain {
    private TransformChain() {
    }

    /**
     * An image through {@code transforms} with Flemme's semantics.
     *
     * @param toTensorScale what ToTensor multiplies this file's values by (1/255 for 8-bit data)
     * @param key           YAML path of the list, to name a value a transform cannot take
     * @param sample        the sample's file, for the same purpose
     */
    public static SpatialImage image(SpatialImage start, double toTensorScale, List<TransformSpec> transforms, Draws draws,
            String key, String sample) {
        boolean upFront = transforms.stream().noneMatch(t -> t.transform().scalesLikeToTensor());
        SpatialImage x = upFront ? start.scale(toTensorScale) : start;
        ImagePass.PendingScale scale = new ImagePass.PendingScale(upFront ? 1 : toTensorScale);
        for (int i = 0; i < transforms.size(); i++) {
            TransformSpec t = transforms.get(i);
            x = t.transform().apply(x, t, new ImagePass(draws, key + "[" + i + "]", i == 0, sample, scale));
            scale.after(t.transform());
        }
        return x;
    }

    /**
     * A point cloud through {@code transforms}, with upstream's rule that FixedPoints runs first (its
     * {@code move_to_front}).
     */
    public static PointCloud points(PointCloud start, List<TransformSpec> transforms, Draws draws, String key) {
        PointCloud c = start;
        for (int i : pointOrder(transforms)) {
            TransformSpec t = transforms.get(i);
            c = t.transform().applyPoints(c, t, draws, key + "[" + i + "]");
        }
        return c;
    }

    /** Upstream moves the first FixedPoints of a point-cloud list to the front; the others keep their order. */
    public static List<Integer> pointOrder(List<TransformSpec> transforms) {
        List<Integer> order = new java.util.ArrayList<>();
        for (int i = 0; i < transforms.size(); i++) {
            order.add(i);
        }
        for (int i = 0; i < transforms.size(); i++) {
            if (transforms.get(i).name().equals("FixedPoints")) {
                order.remove(Integer.valueOf(i));
                order.add(0, i);
                break;
            }
        }
        return order;
    }

    /** The shape a sample of shape {@code start} has after {@code transforms}, or a rejection naming the key. */
    public static SampleShape shape(SampleShape start, List<TransformSpec> transforms, String key, String file) {
        SampleShape s = start;
        for (int i = 0; i < transforms.size(); i++) {
            TransformSpec t = transforms.get(i);
            s = t.transform().shape(s, t, key + "[" + i + "]", file);
        }
        return s;
    }

    /** Index of the last transform that sets the spatial size, or -1. */
    public static int lastResize(List<TransformSpec> transforms) {
        for (int i = transforms.size() - 1; i >= 0; i--) {
            if (transforms.get(i).transform().resizes()) {
                return i;
            }
        }
        return -1;
    }

    /** A class index through {@code class_label_transforms}: {@code [num_classes]} one-hot, else {@code [index]}. */
    public static float[] classIndex(int index, List<TransformSpec> transforms, String key, String sample) {
        ClassIndex c = new ClassIndex(index);
        for (int i = 0; i < transforms.size(); i++) {
            TransformSpec t = transforms.get(i);
            t.transform().applyToClassIndex(c, t, key + "[" + i + "]", i == 0, sample);
        }
        return c.result();
    }

    /** Refuses what ingestion cannot apply yet, naming the key. */
    public static void checkIngestion(List<TransformSpec> transforms, String key) {
        for (int i = 0; i < transforms.size(); i++) {
            TransformSpec t = transforms.get(i);
            t.transform().checkIngestion(t, key + "[" + i + "]");
        }
    }

    /** The Normalize a served model applies, from the training data transforms. */
    public static Preprocessing.Normalize servingNormalize(List<TransformSpec> transforms) {
        Preprocessing.Normalize n = null;
        for (TransformSpec t : transforms) {
            n = t.transform().servingNormalize(t, n);
        }
        return n;
    }
}
