package dev.flemme4j.coordinator;

import dev.flemme4j.protocol.spec.TransformSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * Follows a sample's shape through a loader's transforms and checks it against the model input, so a
 * mismatch is a REJECTED job naming the key to change instead of a shape error deep inside a worker.
 */
public final class TransformShapes {
    private TransformShapes() {
    }

    /** {@code (C, H, W)} after the transforms. */
    public record Shape(int channels, int height, int width) {
        @Override
        public String toString() {
            return "[" + channels + ", " + height + ", " + width + "]";
        }
    }

    /**
     * The shape an image of {@code header} has after {@code transforms}; checks Normalize's per-channel lists.
     *
     * @param key YAML path of the transform list, e.g. {@code loader.data_transforms}
     */
    public static Shape apply(ImageHeader header, List<TransformSpec> transforms, String key, Path file) {
        int c = header.channels();
        int h = header.height();
        int w = header.width();
        for (int i = 0; i < transforms.size(); i++) {
            TransformSpec t = transforms.get(i);
            switch (t.name()) {
                case "Resize" -> {
                    h = t.size().get(0);
                    w = t.size().get(1);
                }
                case "GrayScale" -> c = t.outChannel();
                case "Normalize" -> {
                    checkPerChannel(t.mean(), c, key + "[" + i + "].mean", file);
                    checkPerChannel(t.std(), c, key + "[" + i + "].std", file);
                }
                default -> {
                    // ToTensor and ToBinaryMask keep the shape
                }
            }
        }
        return new Shape(c, h, w);
    }

    private static void checkPerChannel(List<Double> values, int channels, String key, Path file) {
        if (values.size() != 1 && values.size() != channels) {
            throw new JobRejection(RejectReason.SHAPE, key, "has " + values.size() + " values but the images have "
                    + channels + " channel(s) at this point (e.g. " + file + "); give one value or one per channel");
        }
    }

    /** Rejects a transformed image shape the model cannot take, naming the key to change. */
    public static void requireModelInput(Shape shape, ModelInput model, List<TransformSpec> transforms, String key,
            Path file) {
        if (shape.channels() != model.channels()) {
            throw new JobRejection(RejectReason.SHAPE, model.keyPrefix() + ".in_channel", "is " + model.channels()
                    + " but the images have " + shape.channels() + " channel(s) after " + key + " (e.g. " + file
                    + "); change in_channel or add a GrayScale transform");
        }
        List<Integer> size = model.size();
        if (size.size() != 2 || size.get(0) != shape.height() || size.get(1) != shape.width()) {
            int resize = lastResize(transforms);
            if (resize >= 0) {
                throw new JobRejection(RejectReason.SHAPE, key + "[" + resize + "].size", "resizes images to ["
                        + shape.height() + ", " + shape.width() + "] but " + model.keyPrefix() + ".image_size is " + size);
            }
            throw new JobRejection(RejectReason.SHAPE, model.keyPrefix() + ".image_size", "is " + size
                    + " but the images are [" + shape.height() + ", " + shape.width() + "] (e.g. " + file
                    + ") and " + key + " has no Resize; add a Resize to " + size + " or change image_size");
        }
    }

    private static int lastResize(List<TransformSpec> transforms) {
        for (int i = transforms.size() - 1; i >= 0; i--) {
            if (transforms.get(i).name().equals("Resize")) {
                return i;
            }
        }
        return -1;
    }
}
