package dev.flemme4j.protocol.transform;

import dev.flemme4j.protocol.image.SpatialImage;

/**
 * One transform step of one image: the draws, where in the list it is, and ToTensor's pending scale.
 *
 * @param path   YAML path of the transform being applied
 * @param first  whether it is the first of its list
 * @param sample the sample's file, for messages
 */
public record ImagePass(Draws draws, String path, boolean first, String sample, PendingScale scale) {

    /** ToTensor's scaling: applied where ToTensor stands, at most once, and not after a value transform. */
    public SpatialImage toTensor(SpatialImage x) {
        return scale.applyOnce(x);
    }

    /**
     * What ToTensor multiplies by: 8-bit data by 1/255, unless a value transform came first (torchvision only scales
     * data that is still 8-bit); a list without ToTensor is scaled up front.
     */
    static final class PendingScale {
        private double factor;

        PendingScale(double factor) {
            this.factor = factor;
        }

        SpatialImage applyOnce(SpatialImage x) {
            SpatialImage y = x.scale(factor);
            factor = 1;
            return y;
        }

        void after(Transform t) {
            if (t.changesValueType()) {
                factor = 1;
            }
        }
    }
}
