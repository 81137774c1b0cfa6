package dev.flemme4j.protocol.transform;

import static dev.flemme4j.protocol.registry.KeyType.NUMBER;

import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.image.SpatialImage;
import dev.flemme4j.protocol.registry.Key;
import dev.flemme4j.protocol.registry.KeySet;
import dev.flemme4j.protocol.spec.TransformSpec;
import java.util.List;

/** torchvision's RandomHorizontalFlip/RandomVerticalFlip: flips one axis with probability p. */
final class AxisFlip extends Transform {
    private final int fromLast;

    /** @param fromLast the flipped axis counted from the last spatial one (1: width, 2: height) */
    AxisFlip(String name, int fromLast) {
        super(name, "flips the " + (fromLast == 1 ? "width" : "height") + " axis with probability p",
                KeySet.of(Key.of("p", NUMBER, "0.5", "probability of the flip")), null);
        this.fromLast = fromLast;
    }

    @Override
    public TransformSpec parse(ConfigNode n, int dim) {
        return new TransformSpec(name(), null, null, null, null, 0, 0, 0, null, List.of(), probability(n, "p"), false);
    }

    @Override
    public SpatialImage apply(SpatialImage x, TransformSpec t, ImagePass pass) {
        Draws d = pass.draws();
        return d.active() && d.uniform() < t.probability() ? x.flip(x.spatialDims() - fromLast) : x;
    }

    @Override
    public boolean random() {
        return true;
    }
}
