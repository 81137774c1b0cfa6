package dev.flemme4j.coordinator;

import dev.flemme4j.protocol.image.FloatImage;
import dev.flemme4j.protocol.model.Preprocessing;
import dev.flemme4j.protocol.spec.TransformSpec;
import java.util.List;

/**
 * Applies a loader's transform list to a decoded image, in list order, with Flemme's semantics (the image
 * operations themselves live in {@link FloatImage}). ToTensor is implied by decoding to floats.
 */
public final class SampleTransforms {
    private SampleTransforms() {
    }

    public static FloatImage apply(FloatImage image, List<TransformSpec> transforms) {
        FloatImage x = image;
        for (TransformSpec t : transforms) {
            x = switch (t.name()) {
                case "Resize" -> x.resizeNearest(t.size().get(0), t.size().get(1));
                case "GrayScale" -> {
                    FloatImage g = x.toGrayscale();
                    yield t.outChannel() > 1 ? g.repeatChannels(t.outChannel()) : g;
                }
                case "Normalize" -> x.normalize(new Preprocessing.Normalize(t.mean(), t.std()));
                case "ToBinaryMask" -> x.toBinaryMask((float) t.threshold());
                case "ToTensor" -> x;
                default -> throw new IllegalArgumentException("transform " + t.name() + " cannot be applied at ingestion");
            };
        }
        return x;
    }

    /**
     * A segmentation label is one channel. Masks saved as RGB/gray+alpha PNGs are common; when every channel holds
     * the same value the first is the mask, otherwise the luma is.
     */
    public static FloatImage singleChannel(FloatImage label) {
        if (label.channels() == 1) {
            return label;
        }
        int plane = label.height() * label.width();
        float[] d = label.data();
        boolean same = true;
        for (int c = 1; c < label.channels() && same; c++) {
            for (int i = 0; i < plane; i++) {
                if (d[c * plane + i] != d[i]) {
                    same = false;
                    break;
                }
            }
        }
        if (same) {
            float[] first = new float[plane];
            System.arraycopy(d, 0, first, 0, plane);
            return new FloatImage(1, label.height(), label.width(), first);
        }
        return label.channels() == 3 ? label.toGrayscale() : new FloatImage(1, label.height(), label.width(),
                java.util.Arrays.copyOf(d, plane));
    }
}
