package dev.flemme4j.coordinator.dataset;

import dev.flemme4j.coordinator.job.JobRejection;
import dev.flemme4j.coordinator.job.RejectReason;
import dev.flemme4j.protocol.image.SpatialImage;
import dev.flemme4j.protocol.spec.TransformSpec;
import java.util.List;

/**
 * Applies a loader's transform list to a decoded sample file, in list order, with Flemme's semantics (the image
 * operations themselves live in {@link SpatialImage}).
 *
 * <p>ToTensor scales 8-bit images by 1/255 where it stands in the list, unless a value transform (Relabel, ToOneHot,
 * ToBinaryMask, ToInt, InverseColor) came first: torchvision only scales data that is still 8-bit. A list without
 * ToTensor is scaled up front, as flemme4j always treated decoding as ToTensor. Geometric transforms commute with the
 * scaling, so their position relative to ToTensor does not matter.
 *
 * <p>Random transforms draw from {@link AugmentationDraws}; with {@link AugmentationDraws#NONE} they are skipped.
 */
public final class SampleTransforms {
    private SampleTransforms() {
    }

    /**
     * @param key    YAML path of the transform list, to name a value a transform cannot take
     * @param sample the sample's file, for the same purpose
     */
    static SpatialImage apply(SampleFile file, List<TransformSpec> transforms, AugmentationDraws draws, String key,
            String sample) {
        SpatialImage x = file.image();
        boolean scaled = transforms.stream().noneMatch(t -> t.name().equals("ToTensor"));
        if (scaled) {
            x = x.scale(file.toTensorScale());
        }
        boolean valuesChanged = false;
        for (int i = 0; i < transforms.size(); i++) {
            TransformSpec t = transforms.get(i);
            int dims = x.spatialDims();
            x = switch (t.name()) {
                case "Resize" -> x.resizeNearest(t.size().stream().mapToInt(Integer::intValue).toArray());
                case "ToTensor" -> {
                    SpatialImage y = scaled || valuesChanged ? x : x.scale(file.toTensorScale());
                    scaled = true;
                    yield y;
                }
                case "GrayScale" -> x.grayscale(t.outChannel());
                case "Normalize" -> t.mean() == null ? x.standardize(t.channelwise()) : x.normalize(t.mean(), t.std());
                case "ToBinaryMask" -> x.binaryMask(t.threshold());
                case "InverseColor" -> x.inverted();
                case "ToInt" -> x.truncate();
                case "Relabel" -> t.offset() != null ? x.addOffset(t.offset())
                        : t.map().isEmpty() ? x.consecutiveLabels()
                        : x.relabel(t.map().stream().map(kv -> new int[] {kv.get(0), kv.get(1)}).toList());
                case "ToOneHot" -> {
                    try {
                        yield x.oneHot(t.numClasses());
                    } catch (IllegalArgumentException e) {
                        throw new JobRejection(RejectReason.DATA, key + "[" + i + "].num_classes", sample + ": "
                                + e.getMessage() + (i > 0 ? " after the transforms before it" : "; a Relabel before it may help"));
                    }
                }
                case "RandomHorizontalFlip" -> draws.active() && draws.uniform() < t.probability() ? x.flip(dims - 1) : x;
                case "RandomVerticalFlip" -> draws.active() && draws.uniform() < t.probability() ? x.flip(dims - 2) : x;
                case "RandomFlip" -> {
                    SpatialImage y = x;
                    for (int axis = 0; axis < dims && draws.active(); axis++) {
                        // vol_transforms.RandomFlip flips an axis when the draw is above axis_prob
                        if (draws.uniform() > t.probability()) {
                            y = y.flip(axis);
                        }
                    }
                    yield y;
                }
                case "RandomRotate90" -> draws.active() ? x.rot90(draws.below(4)) : x;
                case "RandomRotation" -> {
                    if (!draws.active()) {
                        yield x;
                    }
                    double lo = t.degrees().get(0);
                    double hi = t.degrees().get(1);
                    yield x.rotate(lo + (hi - lo) * draws.uniform(), (float) t.fill());
                }
                default -> throw new IllegalArgumentException("transform " + t.name() + " cannot be applied at ingestion");
            };
            valuesChanged |= t.changesValueType();
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
     * A segmentation label map is one channel. Masks saved as RGB/gray+alpha PNGs are common; when every channel holds
     * the same value the first is the mask, otherwise the luma is.
     */
    static SpatialImage singleChannel(SpatialImage label) {
        if (label.channels() == 1) {
            return label;
        }
        int plane = label.plane();
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
        if (same || label.channels() != 3) {
            return new SpatialImage(1, label.size(), java.util.Arrays.copyOf(d, plane));
        }
        return label.grayscale(1);
    }
}
