package dev.flemme4j.protocol.transform.points;

import static dev.flemme4j.protocol.registry.KeyType.INT;
import static dev.flemme4j.protocol.registry.KeyType.NUMBER_LIST;

import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.pointcloud.PointCloud;
import dev.flemme4j.protocol.registry.Key;
import dev.flemme4j.protocol.registry.KeySet;
import dev.flemme4j.protocol.spec.TransformSpec;
import dev.flemme4j.protocol.transform.Draws;
import dev.flemme4j.protocol.transform.TransformRejection;
import java.util.List;

/**
 * Upstream's point-cloud RandomRotate: rows multiplied by the rotation matrix about {@code axis} (0, 1, 2) for an
 * angle drawn from {@code degrees} ({@code d} means {@code [-|d|, |d|]}). Columns after the first three (features)
 * are kept as they are.
 */
public final class RandomRotate extends PointTransform {
    /** The angle range in degrees and the axis. */
    public record Params(double lo, double hi, int axis) {
    }

    public RandomRotate() {
        super("RandomRotate", "rotates the points about one axis by an angle drawn from degrees", KeySet.of(
                Key.required("degrees", NUMBER_LIST, "d for [-|d|, |d|], or [min, max]"),
                Key.of("axis", INT, "0", "0 (x), 1 (y) or 2 (z)")));
    }

    @Override
    public TransformSpec parse(ConfigNode n, int dim) {
        if (!n.has("degrees")) {
            throw n.error("degrees", "is required for RandomRotate: a number d (for [-|d|, |d|]) or [min, max]");
        }
        List<Double> d = n.numberList("degrees", null);
        double lo;
        double hi;
        if (d.size() == 1) {
            lo = -Math.abs(d.get(0));
            hi = Math.abs(d.get(0));
        } else if (d.size() == 2) {
            lo = d.get(0);
            hi = d.get(1);
        } else {
            throw n.error("degrees", "must be a number or [min, max], got " + d);
        }
        int axis = n.integer("axis", 0);
        if (axis < 0 || axis > 2) {
            throw n.error("axis", "must be 0, 1 or 2, got " + axis);
        }
        return TransformSpec.of(name(), new Params(lo, hi, axis));
    }

    @Override
    public PointCloud applyPoints(PointCloud c, TransformSpec t, Draws draws, String at) {
        if (!draws.active()) {
            return c;
        }
        if (c.dims() < 3) {
            throw new TransformRejection(TransformRejection.Problem.SHAPE, at, "rotates 3D points but the cloud has "
                    + c.dims() + " column(s)");
        }
        Params p = (Params) t.params();
        double a = Math.toRadians(between(draws, p.lo(), p.hi()));
        double s = Math.sin(a);
        double k = Math.cos(a);
        // row vector times upstream's matrix: the two other axes turn, in upstream's sense
        int u = p.axis() == 0 ? 1 : p.axis() == 1 ? 2 : 0;
        int v = p.axis() == 0 ? 2 : p.axis() == 1 ? 0 : 1;
        float[] out = c.values().clone();
        for (int i = 0; i < c.points(); i++) {
            double x = c.get(i, u);
            double y = c.get(i, v);
            out[i * c.dims() + u] = (float) (x * k - y * s);
            out[i * c.dims() + v] = (float) (x * s + y * k);
        }
        return new PointCloud(out, c.points(), c.dims());
    }

    @Override
    public boolean random() {
        return true;
    }

    /** Upstream derives per-point label transforms from FixedPoints, ShufflePoints and ToTensor only. */
    @Override
    public boolean appliesToLabels() {
        return false;
    }
}
