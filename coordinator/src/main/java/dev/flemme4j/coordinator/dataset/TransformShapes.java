package dev.flemme4j.coordinator.dataset;

import dev.flemme4j.coordinator.job.JobRejection;
import dev.flemme4j.coordinator.job.ModelInput;
import dev.flemme4j.coordinator.job.RejectReason;
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

    /** {@code (C, H, W)} or {@code (C, D, H, W)} after the transforms. */
    public record Shape(int channels, List<Integer> size) {
        public Shape {
            size = List.copyOf(size);
        }

        public static Shape of(ImageHeader h) {
            return new Shape(h.channels(), java.util.Arrays.stream(h.size()).boxed().toList());
        }

        @Override
        public String toString() {
            return "[" + channels + ", " + size.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")) + "]";
        }
    }

    /**
     * The shape an image of {@code header} has after {@code transforms}; checks Normalize's per-channel lists.
     *
     * @param key YAML path of the transform list, e.g. {@code loader.data_transforms}
     */
    public static Shape apply(ImageHeader header, List<TransformSpec> transforms, String key, Path file) {
        return apply(Shape.of(header), transforms, key, file);
    }

    /** As {@link #apply(ImageHeader, List, String, Path)} from a known shape (e.g. combined modalities). */
    public static Shape apply(Shape start, List<TransformSpec> transforms, String key, Path file) {
        int c = start.channels();
        List<Integer> size = start.size();
        for (int i = 0; i < transforms.size(); i++) {
            TransformSpec t = transforms.get(i);
            String at = key + "[" + i + "]";
            switch (t.name()) {
                case "Resize" -> size = t.size();
                case "GrayScale" -> {
                    if (c != 1 && c != 3) {
                        throw new JobRejection(RejectReason.SHAPE, at + ".name", "GrayScale needs 1- or 3-channel images, but "
                                + file + " has " + c + " channel(s) at this point");
                    }
                    c = t.outChannel();
                }
                case "Normalize" -> {
                    if (t.mean() != null) {
                        checkPerChannel(t.mean(), c, at + ".mean", file);
                        checkPerChannel(t.std(), c, at + ".std", file);
                    }
                }
                case "ToOneHot" -> {
                    if (c != 1) {
                        throw new JobRejection(RejectReason.SHAPE, at + ".name", "ToOneHot needs a one-channel label map, but "
                                + file + " has " + c + " channels at this point");
                    }
                    // Flemme keeps a binary map as one channel
                    c = t.numClasses() == 2 ? 1 : t.numClasses();
                }
                case "RandomRotate90" -> {
                    int n = size.size();
                    if (!size.get(n - 2).equals(size.get(n - 1))) {
                        throw new JobRejection(RejectReason.SHAPE, at + ".name", "RandomRotate90 turns the H×W plane, which"
                                + " is " + size.get(n - 2) + "×" + size.get(n - 1) + " at this point (e.g. " + file
                                + "): samples of one batch would differ in shape; put it after a Resize to a square plane");
                    }
                }
                default -> {
                    // ToTensor, ToBinaryMask, Relabel, ToInt, InverseColor and flips keep the shape
                }
            }
        }
        return new Shape(c, size);
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
        if (!size.equals(shape.size())) {
            int resize = lastResize(transforms);
            if (resize >= 0) {
                throw new JobRejection(RejectReason.SHAPE, key + "[" + resize + "].size", "resizes images to "
                        + shape.size() + " but " + model.keyPrefix() + ".image_size is " + size);
            }
            throw new JobRejection(RejectReason.SHAPE, model.keyPrefix() + ".image_size", "is " + size
                    + " but the " + (shape.size().size() == 3 ? "volumes" : "images") + " are " + shape.size() + " (e.g. "
                    + file + ") and " + key + " has no Resize; add a Resize to " + size + " or change image_size");
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
