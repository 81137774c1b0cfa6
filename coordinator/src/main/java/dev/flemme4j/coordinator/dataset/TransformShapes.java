package dev.flemme4j.coordinator.dataset;

import dev.flemme4j.coordinator.job.JobRejection;
import dev.flemme4j.coordinator.job.ModelInput;
import dev.flemme4j.coordinator.job.RejectReason;
import dev.flemme4j.protocol.spec.TransformSpec;
import dev.flemme4j.protocol.transform.SampleShape;
import dev.flemme4j.protocol.transform.TransformChain;
import dev.flemme4j.protocol.transform.TransformRejection;
import java.nio.file.Path;
import java.util.List;

/**
 * Follows a sample's shape through a loader's transforms (each transform's registered shape rule) and checks it
 * against the model input, so a mismatch is a REJECTED job naming the key to change instead of a shape error deep
 * inside a worker.
 */
public final class TransformShapes {
    private TransformShapes() {
    }

    /** A header's {@code (C, H, W)} or {@code (C, D, H, W)}. */
    public static SampleShape shapeOf(ImageHeader h) {
        return SampleShape.of(h.channels(), h.size());
    }

    /**
     * The shape an image of {@code header} has after {@code transforms}; checks Normalize's per-channel lists.
     *
     * @param key YAML path of the transform list, e.g. {@code loader.data_transforms}
     */
    public static SampleShape apply(ImageHeader header, List<TransformSpec> transforms, String key, Path file) {
        return apply(shapeOf(header), transforms, key, file);
    }

    /** As {@link #apply(ImageHeader, List, String, Path)} from a known shape (e.g. combined modalities). */
    public static SampleShape apply(SampleShape start, List<TransformSpec> transforms, String key, Path file) {
        try {
            return TransformChain.shape(start, transforms, key, String.valueOf(file));
        } catch (TransformRejection e) {
            throw SampleTransforms.rejection(e);
        }
    }

    /** Rejects a transformed image shape the model cannot take, naming the key to change. */
    public static void requireModelInput(SampleShape shape, ModelInput model, List<TransformSpec> transforms, String key,
            Path file) {
        if (shape.channels() != model.channels()) {
            throw new JobRejection(RejectReason.SHAPE, model.channelKey(), "is " + model.channels()
                    + " but the images have " + shape.channels() + " channel(s) after " + key + " (e.g. " + file
                    + "); change " + model.channelKey().substring(model.channelKey().lastIndexOf('.') + 1) + " or add a GrayScale transform");
        }
        List<Integer> size = model.size();
        if (!size.equals(shape.size())) {
            int resize = TransformChain.lastResize(transforms);
            if (resize >= 0) {
                throw new JobRejection(RejectReason.SHAPE, key + "[" + resize + "].size", "resizes images to "
                        + shape.size() + " but " + model.keyPrefix() + ".image_size is " + size);
            }
            throw new JobRejection(RejectReason.SHAPE, model.keyPrefix() + ".image_size", "is " + size
                    + " but the " + (shape.size().size() == 3 ? "volumes" : "images") + " are " + shape.size() + " (e.g. "
                    + file + ") and " + key + " has no Resize; add a Resize to " + size + " or change image_size");
        }
    }
}
