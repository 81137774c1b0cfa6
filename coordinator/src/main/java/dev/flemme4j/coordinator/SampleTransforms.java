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
     * A class index through {@code class_label_transforms} (Flemme's Relabel with an offset, ToOneHot): the one-hot
     * vector {@code [num_classes]} after ToOneHot, else {@code [index]}.
     *
     * @param key YAML path of the transform list, to name an index ToOneHot cannot encode
     */
    public static float[] classLabel(int index, List<TransformSpec> transforms, String key, String sample) {
        int v = index;
        float[] out = null;
        for (int i = 0; i < transforms.size(); i++) {
            TransformSpec t = transforms.get(i);
            switch (t.name()) {
                case "Relabel" -> v += t.offset();
                case "ToOneHot" -> {
                    if (out != null) {
                        throw new JobRejection(RejectReason.LOADER, key + "[" + i + "]", "ToOneHot applied twice");
                    }
                    if (v < 0 || v >= t.numClasses()) {
                        throw new JobRejection(RejectReason.DATA, key + "[" + i + "].num_classes", "class index " + v
                                + " of sample " + sample + " is outside [0, " + t.numClasses() + ")"
                                + (i > 0 ? " after the transforms before it" : "; a Relabel with offset: -1 maps 1-based classes"));
                    }
                    out = new float[t.numClasses()];
                    out[v] = 1;
                }
                case "ToTensor" -> {
                    // a number is already a tensor value here
                }
                default -> throw new IllegalArgumentException("transform " + t.name() + " does not apply to a class index");
            }
        }
        return out != null ? out : new float[] {v};
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
