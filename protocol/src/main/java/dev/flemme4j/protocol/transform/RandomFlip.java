package dev.flemme4j.protocol.transform;

import static dev.flemme4j.protocol.registry.KeyType.NUMBER;

import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.image.SpatialImage;
import dev.flemme4j.protocol.registry.Key;
import dev.flemme4j.protocol.registry.KeySet;
import dev.flemme4j.protocol.spec.TransformSpec;
import java.util.List;

/** vol_transforms.RandomFlip: each axis flipped when its draw is above axis_prob. */
final class RandomFlip extends Transform {
    RandomFlip() {
        super("RandomFlip", "flips each spatial axis when its draw is above axis_prob", null,
                KeySet.of(Key.of("axis_prob", NUMBER, "0.5", "an axis is flipped when its draw is above it")));
    }

    @Override
    public TransformSpec parse(ConfigNode n, int dim) {
        return new TransformSpec(name(), null, null, null, null, 0, 0, 0, null, List.of(), probability(n, "axis_prob"),
                false);
    }

    @Override
    public SpatialImage apply(SpatialImage x, TransformSpec t, ImagePass pass) {
        SpatialImage y = x;
        Draws d = pass.draws();
        for (int axis = 0; axis < x.spatialDims() && d.active(); axis++) {
            if (d.uniform() > t.probability()) {
                y = y.flip(axis);
            }
        }
        return y;
    }

    @Override
    public boolean random() {
        return true;
    }
}
