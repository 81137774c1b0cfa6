package dev.flemme4j.protocol.transform.points;

import dev.flemme4j.protocol.pointcloud.PointCloud;
import dev.flemme4j.protocol.registry.KeySet;
import dev.flemme4j.protocol.spec.TransformSpec;
import dev.flemme4j.protocol.transform.Draws;

/** Upstream's ShufflePoints: the rows in a random order (skipped without draws: order carries no information). */
public final class ShufflePoints extends PointTransform {
    public ShufflePoints() {
        super("ShufflePoints", "the points in a random order", KeySet.of());
    }

    @Override
    public PointCloud applyPoints(PointCloud c, TransformSpec t, Draws draws, String at) {
        return draws.active() ? c.select(permutation(c.points(), draws)) : c;
    }

    static int[] permutation(int n, Draws d) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = d.below(i + 1);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }

    @Override
    public boolean random() {
        return true;
    }

    @Override
    public boolean appliesToLabels() {
        return true;
    }
}
