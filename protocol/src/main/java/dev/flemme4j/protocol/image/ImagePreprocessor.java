package dev.flemme4j.protocol.image;

import dev.flemme4j.protocol.model.Preprocessing;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * Turns a decoded image into one model input sample exactly as Flemme's data transforms would for the
 * manifest's {@link Preprocessing}: ToTensor → Resize (nearest) → GrayScale → Normalize.
 */
public final class ImagePreprocessor {

    private final Preprocessing spec;

    public ImagePreprocessor(Preprocessing spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    /** A (C, H, W) image with C = in_channel and (H, W) = image_size. */
    public FloatImage prepare(BufferedImage image) {
        FloatImage x = FloatImage.fromImage(image, spec.scale()).resizeNearest(spec.height(), spec.width());
        if (spec.grayscale()) {
            x = x.toGrayscale();
        }
        if (x.channels() != spec.inChannel()) {
            if (x.channels() == 1) {
                // a gray scan sent to a colour model: same as PIL's convert("RGB")
                x = x.repeatChannels(spec.inChannel());
            } else {
                throw new ImageDecodeException("image has " + x.channels() + " channels, the model expects " + spec.inChannel());
            }
        }
        return spec.normalize() == null ? x : x.normalize(spec.normalize());
    }
}
