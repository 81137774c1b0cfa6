package dev.flemme4j.protocol.transform.points;

import static dev.flemme4j.protocol.registry.KeyType.NUMBER;
import static dev.flemme4j.protocol.registry.KeyType.NUMBER_LIST;

import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.pointcloud.PointCloud;
import dev.flemme4j.protocol.registry.Key;
import dev.flemme4j.protocol.registry.KeySet;
import dev.flemme4j.protocol.spec.TransformSpec;
import dev.flemme4j.protocol.transform.Draws;
import java.util.List;

/**
 * Upstream's AddNoise ({@code std}, default 0.01) and AddRandomNoise (a standard deviation drawn from
 * {@code std_range}, default [0, 0.1]): Gaussian noise added to every value.
 */
public final class AddNoise extends PointTransform {
    private final boolean randomStd;

    private AddNoise(String name, String doc, KeySet keys, boolean randomStd) {
        super(name, doc, keys);
        this.randomStd = randomStd;
    }

    public static AddNoise fixed() {
        return new AddNoise("AddNoise", "adds Gaussian noise of standard deviation std to every value",
                KeySet.of(Key.of("std", NUMBER, "0.01", "the noise's standard deviation")), false);
    }

    public static AddNoise randomStd() {
        return new AddNoise("AddRandomNoise", "adds Gaussian noise whose standard deviation is drawn from std_range",
                KeySet.of(Key.of("std_range", NUMBER_LIST, "[0, 0.1]", "[min, max] of the standard deviation")), true);
    }

    @Override
    public TransformSpec parse(ConfigNode n, int dim) {
        List<Double> range;
        if (randomStd) {
            range = n.numberList("std_range", List.of(0.0, 0.1));
            if (range.size() != 2 || range.get(0) < 0 || range.get(0) > range.get(1)) {
                throw n.error("std_range", "must be [min, max] with 0 <= min <= max, got " + range);
            }
        } else {
            double std = n.number("std", 0.01);
            if (!(std >= 0)) {
                throw n.error("std", "must be non-negative, got " + std);
            }
            range = List.of(std, std);
        }
        return TransformSpec.of(name(), List.copyOf(range));
    }

    @Override
    public PointCloud applyPoints(PointCloud c, TransformSpec t, Draws draws, String at) {
        if (!draws.active()) {
            return c;
        }
        @SuppressWarnings("unchecked")
        List<Double> range = (List<Double>) t.params();
        double std = randomStd ? between(draws, range.get(0), range.get(1)) : range.get(0);
        float[] out = c.values().clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += (float) (std * gaussian(draws));
        }
        return new PointCloud(out, c.points(), c.dims());
    }

    @Override
    public boolean random() {
        return true;
    }
}
