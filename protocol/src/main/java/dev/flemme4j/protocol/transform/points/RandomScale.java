package dev.flemme4j.protocol.transform.points;

import static dev.flemme4j.protocol.registry.KeyType.NUMBER_LIST;

import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.pointcloud.PointCloud;
import dev.flemme4j.protocol.registry.Key;
import dev.flemme4j.protocol.registry.KeySet;
import dev.flemme4j.protocol.spec.TransformSpec;
import dev.flemme4j.protocol.transform.Draws;
import java.util.List;

/** Upstream's RandomScale: every value multiplied by one factor drawn from {@code scales: [a, b]}. */
public final class RandomScale extends PointTransform {
    public RandomScale() {
        super("RandomScale", "scales the cloud by a factor drawn from scales [a, b]", KeySet.of(
                Key.required("scales", NUMBER_LIST, "[a, b], the factor's range")));
    }

    @Override
    public TransformSpec parse(ConfigNode n, int dim) {
        List<Double> s = n.numberList("scales", null);
        if (s == null || s.size() != 2 || s.get(0) > s.get(1)) {
            throw n.error("scales", "is required for RandomScale: [a, b] with a <= b, got " + s);
        }
        return TransformSpec.of(name(), List.copyOf(s));
    }

    @Override
    public PointCloud applyPoints(PointCloud c, TransformSpec t, Draws draws, String at) {
        if (!draws.active()) {
            return c;
        }
        @SuppressWarnings("unchecked")
        List<Double> s = (List<Double>) t.params();
        float f = (float) between(draws, s.get(0), s.get(1));
        float[] out = c.values().clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= f;
        }
        return new PointCloud(out, c.points(), c.dims());
    }

    @Override
    public boolean random() {
        return true;
    }
}
