package dev.flemme4j.protocol.transform.points;

import static dev.flemme4j.protocol.registry.KeyType.BOOL;
import static dev.flemme4j.protocol.registry.KeyType.INT;
import static dev.flemme4j.protocol.registry.KeyType.STRING;

import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.pointcloud.PointCloud;
import dev.flemme4j.protocol.registry.Key;
import dev.flemme4j.protocol.registry.KeySet;
import dev.flemme4j.protocol.spec.TransformSpec;
import dev.flemme4j.protocol.transform.Draws;
import dev.flemme4j.protocol.transform.SampleShape;
import java.util.List;

/**
 * Upstream's FixedPoints: {@code num} points drawn at random (with replacement by default; without, whole
 * permutations concatenated so duplicates stay minimal), or by farthest point sampling ({@code method: fps}) when the
 * cloud has at least {@code num} points. A cloud must have one size in a batch, so unlike the other random transforms
 * it also runs without draws (validation samples): then from a fixed seed, so a validation sample is the same each time.
 */
public final class FixedPoints extends PointTransform {
    /** FixedPoints' settings. */
    public record Params(int num, boolean replace, String method) {
    }

    private static final List<String> METHODS = List.of("random", "fps", "qfps");

    public FixedPoints() {
        super("FixedPoints", "samples or pads a cloud to num points (random, or farthest point sampling)", KeySet.of(
                Key.required("num", INT, "the number of points"),
                Key.of("replace", BOOL, "true", "random sampling with replacement"),
                Key.of("method", STRING, "random", "random or fps (qfps is not supported yet)"),
                Key.of("kdtree_height", INT, "5", "qfps only; not supported yet")));
    }

    @Override
    public TransformSpec parse(ConfigNode n, int dim) {
        if (!n.has("num")) {
            throw n.error("num", "is required for FixedPoints: the number of points per cloud");
        }
        int num = n.integer("num", 0);
        if (num <= 0) {
            throw n.error("num", "must be positive, got " + num);
        }
        String method = n.choice("method", "random", METHODS);
        if (method.equals("qfps")) {
            throw n.error("method", "qfps (bucket FPS on a kd-tree) is not supported yet in flemme4j; use fps or random");
        }
        n.ignore("kdtree_height");
        return TransformSpec.of(name(), new Params(num, n.bool("replace", true), method));
    }

    @Override
    public PointCloud applyPoints(PointCloud c, TransformSpec t, Draws draws, String at) {
        Params p = (Params) t.params();
        if (c.points() == 0) {
            throw new IllegalArgumentException("the cloud has no points to sample " + p.num() + " from");
        }
        Draws d = draws.active() ? draws : Draws.seeded(0);
        if (p.method().equals("fps") && c.points() >= p.num()) {
            return c.select(farthest(c, p.num(), d.below(c.points())));
        }
        int[] choice = new int[p.num()];
        if (p.replace()) {
            for (int i = 0; i < choice.length; i++) {
                choice[i] = d.below(c.points());
            }
        } else {
            for (int filled = 0; filled < choice.length; ) {
                int[] perm = ShufflePoints.permutation(c.points(), d);
                int take = Math.min(perm.length, choice.length - filled);
                System.arraycopy(perm, 0, choice, filled, take);
                filled += take;
            }
        }
        return c.select(choice);
    }

    /** Farthest point sampling over the first three coordinates, from point {@code start}. */
    static int[] farthest(PointCloud c, int num, int start) {
        int n = c.points();
        double[] nearest = new double[n];
        java.util.Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        int[] out = new int[num];
        int current = start;
        int coords = Math.min(3, c.dims());
        for (int k = 0; k < num; k++) {
            out[k] = current;
            int next = 0;
            double best = -1;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < coords; j++) {
                    double diff = c.get(i, j) - c.get(current, j);
                    s += diff * diff;
                }
                nearest[i] = Math.min(nearest[i], s);
                if (nearest[i] > best) {
                    best = nearest[i];
                    next = i;
                }
            }
            current = next;
        }
        return out;
    }

    @Override
    public SampleShape shape(SampleShape in, TransformSpec t, String at, String file) {
        return new SampleShape(in.channels(), List.of(((Params) t.params()).num()));
    }

    @Override
    public boolean resizes() {
        return true;
    }

    @Override
    public boolean random() {
        return true;
    }

    @Override
    public boolean runsWithoutDraws() {
        return true;
    }

    @Override
    public boolean appliesToLabels() {
        return true;
    }
}
