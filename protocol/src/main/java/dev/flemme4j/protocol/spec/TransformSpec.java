package dev.flemme4j.protocol.spec;

import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.config.ConfigNode;
import java.util.List;

/**
 * One entry of Flemme's {@code data_transforms}/{@code label_transforms} lists. Only the deterministic image
 * transforms needed to stream a dataset are implemented so far; Flemme's other transform names are recognised
 * and rejected with "not supported yet" rather than silently dropped.
 *
 * @param size      Resize target [H, W]
 * @param mode      Resize interpolation (Flemme's default: nearest)
 * @param mean      Normalize means (one per channel, or one for all)
 * @param std       Normalize standard deviations
 * @param threshold ToBinaryMask threshold (Flemme's default 0)
 * @param numClasses ToOneHot's {@code num_classes}
 * @param offset    Relabel's {@code offset}
 */
public record TransformSpec(String name, List<Integer> size, String mode, List<Double> mean, List<Double> std,
        double threshold, int outChannel, int numClasses, int offset) {

    public static final List<String> SUPPORTED = List.of("Resize", "ToTensor", "Normalize", "GrayScale", "ToBinaryMask",
            "ToOneHot", "Relabel");
    /** The transforms that apply to a class index ({@code class_label_transforms}). */
    public static final List<String> CLASS_LABEL = List.of("Relabel", "ToOneHot", "ToTensor");
    private static final List<String> FLEMME_KNOWN_UNSUPPORTED = List.of("RandomHorizontalFlip", "RandomVerticalFlip",
            "RandomRotation", "GaussianBlur", "CenterCrop", "RandomCrop", "InverseColor", "ToInt",
            "ElasticDeform", "DistMap", "ClipTransform");

    public TransformSpec(String name, List<Integer> size, String mode, List<Double> mean, List<Double> std,
            double threshold, int outChannel) {
        this(name, size, mode, mean, std, threshold, outChannel, 0, 0);
    }

    public static TransformSpec parse(ConfigNode n) {
        String name = n.requireString("name");
        if (FLEMME_KNOWN_UNSUPPORTED.contains(name)) {
            throw n.error("name", "transform '" + name + "' is not supported yet in flemme4j; supported: "
                    + String.join(", ", SUPPORTED));
        }
        if (!SUPPORTED.contains(name)) {
            throw n.error("name", "unknown transform '" + name + "'" + ConfigNode.suggestion(name, SUPPORTED)
                    + "; supported: " + String.join(", ", SUPPORTED));
        }
        TransformSpec t = switch (name) {
            case "Resize" -> new TransformSpec(name, requireSize(n), n.choice("mode", "nearest",
                    List.of("nearest", "bilinear")), null, null, 0, 0);
            case "Normalize" -> new TransformSpec(name, null, null, requireList(n, "mean"), requireList(n, "std"), 0, 0);
            case "ToBinaryMask" -> new TransformSpec(name, null, null, null, null, n.number("threshold", 0.0), 0);
            case "GrayScale" -> new TransformSpec(name, null, null, null, null, 0, n.integer("out_channel", 1));
            case "ToOneHot" -> {
                if (!n.has("num_classes")) {
                    throw n.error("num_classes", "is required for ToOneHot");
                }
                int k = n.integer("num_classes", 0);
                if (k < 1) {
                    throw n.error("num_classes", "must be positive, got " + k);
                }
                yield new TransformSpec(name, null, null, null, null, 0, 0, k, 0);
            }
            case "Relabel" -> {
                if (n.has("map")) {
                    throw n.error("map", "Relabel with a map is not supported yet in flemme4j; use offset");
                }
                if (!n.has("offset")) {
                    throw n.error("offset", "Relabel without an offset (relabel to consecutive values) is not supported"
                            + " yet in flemme4j; give offset");
                }
                yield new TransformSpec(name, null, null, null, null, 0, 0, 0, n.integer("offset", 0));
            }
            default -> new TransformSpec(name, null, null, null, null, 0, 0);
        };
        n.rejectUnknownKeys();
        return t;
    }

    private static List<Integer> requireSize(ConfigNode n) {
        List<Integer> size = n.intList("size", null);
        if (size == null) {
            throw n.error("size", "is required for Resize, e.g. size: [64, 64]");
        }
        if (size.size() != 2 || size.stream().anyMatch(s -> s <= 0)) {
            throw n.error("size", "must be two positive integers [H, W] for 2D images, got " + size);
        }
        return size;
    }

    private static List<Double> requireList(ConfigNode n, String key) {
        List<Double> v = n.numberList(key, null);
        if (v == null || v.isEmpty()) {
            throw n.error(key, "is required for Normalize");
        }
        if (key.equals("std") && v.stream().anyMatch(s -> s == 0)) {
            throw n.error(key, "standard deviations must be non-zero, got " + v);
        }
        return v;
    }

    /** Transforms that change geometry or encoding and so must apply to labels too (as Flemme derives them). */
    public boolean appliesToLabels() {
        return name.equals("Resize") || name.equals("ToTensor");
    }

    public static void requireOnly(List<TransformSpec> list, String path) {
        if (list == null) {
            return;
        }
        for (TransformSpec t : list) {
            if (!SUPPORTED.contains(t.name())) {
                throw new ConfigException(path, "unsupported transform " + t.name());
            }
        }
    }
}
