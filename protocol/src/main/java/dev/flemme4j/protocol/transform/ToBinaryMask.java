package dev.flemme4j.protocol.transform;

import static dev.flemme4j.protocol.registry.KeyType.NUMBER;

import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.image.SpatialImage;
import dev.flemme4j.protocol.registry.Key;
import dev.flemme4j.protocol.registry.KeySet;
import dev.flemme4j.protocol.spec.TransformSpec;

/** 1 where a value is above threshold, else 0. */
final class ToBinaryMask extends Transform {
    ToBinaryMask() {
        super("ToBinaryMask", "1 where a value is greater than threshold, else 0", sameKeys(), sameKeys());
    }

    private static KeySet sameKeys() {
        return KeySet.of(Key.of("threshold", NUMBER, "0", "values above it become 1"));
    }

    @Override
    public TransformSpec parse(ConfigNode n, int dim) {
        return new TransformSpec(name(), null, null, null, null, n.number("threshold", 0.0), 0);
    }

    @Override
    public SpatialImage apply(SpatialImage x, TransformSpec t, ImagePass pass) {
        return x.binaryMask(t.threshold());
    }

    @Override
    public boolean changesValueType() {
        return true;
    }
}
