package dev.flemme4j.protocol.transform;

import static dev.flemme4j.protocol.registry.KeyType.BOOL;
import static dev.flemme4j.protocol.registry.KeyType.NUMBER;
import static dev.flemme4j.protocol.registry.KeyType.NUMBER_LIST;
import static dev.flemme4j.protocol.registry.KeyType.STRING;

import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.image.SpatialImage;
import dev.flemme4j.protocol.registry.Key;
import dev.flemme4j.protocol.registry.KeySet;
import dev.flemme4j.protocol.spec.TransformSpec;
import java.util.List;

/** torchvision's RandomRotation as Flemme's YAML can write it: nearest, no expansion, centred. */
final class RandomRotation extends Transform {
    RandomRotation() {
        super("RandomRotation", "rotates by an angle drawn from degrees (nearest, about the centre)", KeySet.of(
                Key.required("degrees", NUMBER_LIST, "d for [-d, d], or [min, max]"),
                Key.of("interpolation", STRING, "nearest", "nearest only"),
                Key.of("expand", BOOL, "false", "true is not supported: a batch keeps one size"),
                Key.of("center", NUMBER_LIST, null, "not supported yet (the image centre is the pivot)"),
                Key.of("fill", NUMBER, "0", "value of pixels rotated in from outside")), null);
    }

    @Override
    public TransformSpec parse(ConfigNode n, int dim) {
        if (!n.has("degrees")) {
            throw n.error("degrees", "is required for RandomRotation: a number d (for [-d, d]) or [min, max]");
        }
        List<Double> d = n.numberList("degrees", null);
        List<Double> range;
        if (d.size() == 1) {
            if (d.get(0) < 0) {
                throw n.error("degrees", "a single value must be non-negative (it means [-d, d]), got " + d.get(0));
            }
            range = List.of(-d.get(0), d.get(0));
        } else if (d.size() == 2 && d.get(0) <= d.get(1)) {
            range = d;
        } else {
            throw n.error("degrees", "must be a number or [min, max] with min <= max, got " + d);
        }
        n.choice("interpolation", "nearest", List.of("nearest"));
        if (n.bool("expand", false)) {
            throw n.error("expand", "true is not supported in flemme4j: every sample of a batch must keep one size");
        }
        if (n.has("center")) {
            throw n.error("center", "is not supported yet in flemme4j (the image centre is the pivot)");
        }
        double fill = n.number("fill", 0.0);
        return new TransformSpec(name(), null, null, null, null, 0, 0, 0, null, List.of(), 0, false, range, fill);
    }

    @Override
    public SpatialImage apply(SpatialImage x, TransformSpec t, ImagePass pass) {
        if (!pass.draws().active()) {
            return x;
        }
        double lo = t.degrees().get(0);
        double hi = t.degrees().get(1);
        return x.rotate(lo + (hi - lo) * pass.draws().uniform(), (float) t.fill());
    }

    @Override
    public boolean random() {
        return true;
    }
}
