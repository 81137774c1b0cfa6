package dev.flemme4j.protocol.transform;

import dev.flemme4j.protocol.image.SpatialImage;
import dev.flemme4j.protocol.registry.KeySet;
import dev.flemme4j.protocol.spec.TransformSpec;
import java.util.List;

/** vol_transforms.RandomRotate90: the H×W plane turned by a random multiple of 90°. */
final class RandomRotate90 extends Transform {
    RandomRotate90() {
        super("RandomRotate90", "turns the H×W plane by a random multiple of 90° (needs a square plane)", null,
                KeySet.of());
    }

    @Override
    public SpatialImage apply(SpatialImage x, TransformSpec t, ImagePass pass) {
        return pass.draws().active() ? x.rot90(pass.draws().below(4)) : x;
    }

    @Override
    public SampleShape shape(SampleShape in, TransformSpec t, String at, String file) {
        List<Integer> size = in.size();
        int n = size.size();
        if (!size.get(n - 2).equals(size.get(n - 1))) {
            throw new TransformRejection(TransformRejection.Problem.SHAPE, at + ".name", "RandomRotate90 turns the H×W"
                    + " plane, which is " + size.get(n - 2) + "×" + size.get(n - 1) + " at this point (e.g. " + file
                    + "): samples of one batch would differ in shape; put it after a Resize to a square plane");
        }
        return in;
    }

    @Override
    public boolean random() {
        return true;
    }
}
