package dev.flemme4j.protocol.transform;

import static dev.flemme4j.protocol.registry.KeyType.INT;

import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.image.SpatialImage;
import dev.flemme4j.protocol.registry.Key;
import dev.flemme4j.protocol.registry.KeySet;
import dev.flemme4j.protocol.spec.TransformSpec;

/** torchvision's Grayscale: the luma of an RGB image (a 1-channel image is kept), repeated to out_channel. */
final class GrayScale extends Transform {
    GrayScale() {
        super("GrayScale", "the luma of 1- or 3-channel images", KeySet.of(Key.of("out_channel", INT, "1",
                "channels of the result (the luma repeated)")), null);
    }

    @Override
    public TransformSpec parse(ConfigNode n, int dim) {
        int out = n.integer("out_channel", 1);
        if (out < 1) {
            throw n.error("out_channel", "must be positive, got " + out);
        }
        return new TransformSpec(name(), null, null, null, null, 0, out);
    }

    @Override
    public SpatialImage apply(SpatialImage x, TransformSpec t, ImagePass pass) {
        return x.grayscale(t.outChannel());
    }

    @Override
    public SampleShape shape(SampleShape in, TransformSpec t, String at, String file) {
        if (in.channels() != 1 && in.channels() != 3) {
            throw new TransformRejection(TransformRejection.Problem.SHAPE, at + ".name", "GrayScale needs 1- or 3-channel"
                    + " images, but " + file + " has " + in.channels() + " channel(s) at this point");
        }
        return in.withChannels(t.outChannel());
    }
}
