package dev.flemme4j.coordinator.dataset;

import dev.flemme4j.coordinator.job.JobRejection;
import dev.flemme4j.coordinator.job.RejectReason;
import dev.flemme4j.protocol.image.SpatialImage;
import dev.flemme4j.protocol.spec.TransformSpec;
import dev.flemme4j.protocol.transform.TransformChain;
import dev.flemme4j.protocol.transform.TransformRejection;
import java.util.List;

/**
 * Applies a loader's transform list to a decoded sample file through the registered transforms
 * ({@link TransformChain}), turning what a transform refuses into a rejected job.
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
        try {
            return TransformChain.image(file.image(), file.toTensorScale(), transforms, draws, key, sample);
        } catch (TransformRejection e) {
            throw rejection(e);
        }
    }

    /**
     * A class index through {@code class_label_transforms} (Flemme's Relabel with an offset, ToOneHot): the one-hot
     * vector {@code [num_classes]} after ToOneHot, else {@code [index]}.
     *
     * @param key YAML path of the transform list, to name an index ToOneHot cannot encode
     */
    public static float[] classLabel(int index, List<TransformSpec> transforms, String key, String sample) {
        try {
            return TransformChain.classIndex(index, transforms, key, sample);
        } catch (TransformRejection e) {
            throw rejection(e);
        }
    }

    /** A transform's complaint as the rejected job it means. */
    public static JobRejection rejection(TransformRejection e) {
        return new JobRejection(RejectReason.valueOf(e.problem().name()), e.path(), e.reason());
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
