package dev.flemme4j.protocol.transform;

import static dev.flemme4j.protocol.registry.KeyType.BOOL;

import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.image.SpatialImage;
import dev.flemme4j.protocol.pointcloud.PointCloud;
import dev.flemme4j.protocol.registry.Key;
import dev.flemme4j.protocol.registry.KeySet;
import dev.flemme4j.protocol.spec.TransformSpec;

/** torchvision's/Flemme's ToTensor: 8-bit data scaled by 1/255 where it stands (see {@link ImagePass}). */
final class ToTensor extends Transform {
    ToTensor() {
        super("ToTensor", "to a float tensor: 8-bit data scaled by 1/255 unless a value transform came first", KeySet.of(),
                KeySet.of(Key.of("expand_dims", BOOL, "true", "(3D) add the channel axis; false is not supported (models take"
                        + " (C, D, H, W))")), KeySet.of());
    }

    /** Point clouds are float rows already. */
    @Override
    public PointCloud applyPoints(PointCloud c, TransformSpec t, Draws draws, String at) {
        return c;
    }

    @Override
    public TransformSpec parse(ConfigNode n, int dim) {
        if (dim == 3 && !n.bool("expand_dims", true)) {
            throw n.error("expand_dims", "false (no channel axis) is not supported in flemme4j: models take (C, D, H, W)");
        }
        return new TransformSpec(name(), null, null, null, null, 0, 0);
    }

    @Override
    public SpatialImage apply(SpatialImage x, TransformSpec t, ImagePass pass) {
        return pass.toTensor(x);
    }

    @Override
    public boolean scalesLikeToTensor() {
        return true;
    }

    @Override
    public boolean appliesToClassIndex() {
        return true;
    }

    @Override
    public void applyToClassIndex(ClassIndex c, TransformSpec t, String at, boolean first, String sample) {
        // a number is already a tensor value here
    }
}
