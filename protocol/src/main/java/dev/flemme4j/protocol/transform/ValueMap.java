package dev.flemme4j.protocol.transform;

import dev.flemme4j.protocol.image.SpatialImage;
import dev.flemme4j.protocol.registry.KeySet;
import dev.flemme4j.protocol.spec.TransformSpec;
import java.util.function.UnaryOperator;

/** A transform without keys that maps every value (InverseColor, ToInt). */
final class ValueMap extends Transform {
    private final UnaryOperator<SpatialImage> map;

    /** @param threeD whether Flemme's vol_transforms has it too */
    ValueMap(String name, String doc, boolean threeD, UnaryOperator<SpatialImage> map) {
        super(name, doc, KeySet.of(), threeD ? KeySet.of() : null);
        this.map = map;
    }

    @Override
    public SpatialImage apply(SpatialImage x, TransformSpec t, ImagePass pass) {
        return map.apply(x);
    }

    @Override
    public boolean changesValueType() {
        return true;
    }
}
