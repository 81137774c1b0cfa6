package dev.flemme4j.protocol.spec;

import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.config.ConfigNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of Flemme's {@code data_transforms}/{@code label_transforms}/{@code target_transforms}/
 * {@code class_label_transforms} lists. Flemme takes 2D transforms from its {@code img_transforms} module and 3D ones
 * from {@code vol_transforms}, so which names exist (and some of their keys) depend on the dataset's {@code dim};
 * {@link #TWO_D} and {@link #THREE_D} are those vocabularies as far as flemme4j implements them. Flemme's other
 * names are recognised and rejected as "not supported yet" rather than silently dropped.
 *
 * @param size        Resize target, one entry per spatial axis
 * @param mode        Resize interpolation (Flemme's default: nearest)
 * @param mean        Normalize means (one per channel, or one for all); null for 3D's per-volume z-score
 * @param std         Normalize standard deviations; null with {@code mean}
 * @param threshold   ToBinaryMask threshold (Flemme's default 0)
 * @param numClasses  ToOneHot's {@code num_classes}
 * @param offset      Relabel's {@code offset}, or null
 * @param map         Relabel's {@code map} as {@code [from, to]} pairs; empty without one (with neither, Relabel
 *                    numbers the distinct values 0, 1, 2, ...)
 * @param probability RandomHorizontalFlip/RandomVerticalFlip's {@code p}, RandomFlip's {@code axis_prob}
 * @param channelwise 3D Normalize's {@code channelwise}
 * @param degrees     RandomRotation's angle range {@code [min, max]}; null for the other transforms
 * @param fill        RandomRotation's {@code fill} for pixels rotated in from outside
 */
public record TransformSpec(String name, List<Integer> size, String mode, List<Double> mean, List<Double> std,
        double threshold, int outChannel, int numClasses, Integer offset, List<List<Integer>> map, double probability,
        boolean channelwise, List<Double> degrees, double fill) {

    /** Flemme's 2D transforms flemme4j implements ({@code flemme.augment.img_transforms}). */
    public static final List<String> TWO_D = List.of("Resize", "ToTensor", "Normalize", "GrayScale", "ToBinaryMask",
            "ToOneHot", "Relabel", "InverseColor", "ToInt", "RandomHorizontalFlip", "RandomVerticalFlip", "RandomRotation");
    /** Flemme's 3D transforms flemme4j implements ({@code flemme.augment.vol_transforms}). */
    public static final List<String> THREE_D = List.of("Resize", "ToTensor", "Normalize", "ToBinaryMask", "ToOneHot",
            "Relabel", "ToInt", "RandomFlip", "RandomRotate90");
    /** All implemented names (either dimension). */
    public static final List<String> SUPPORTED = List.of("Resize", "ToTensor", "Normalize", "GrayScale", "ToBinaryMask",
            "ToOneHot", "Relabel", "InverseColor", "ToInt", "RandomHorizontalFlip", "RandomVerticalFlip", "RandomRotation",
            "RandomFlip", "RandomRotate90");
    /** The transforms that apply to a class index ({@code class_label_transforms}). */
    public static final List<String> CLASS_LABEL = List.of("Relabel", "ToOneHot", "ToTensor");
    /** Transforms that draw random numbers: applied once per training sample at ingestion, see {@link #isRandom()}. */
    public static final List<String> RANDOM = List.of("RandomHorizontalFlip", "RandomVerticalFlip", "RandomRotation",
            "RandomFlip", "RandomRotate90");
    private static final List<String> FLEMME_2D_UNSUPPORTED = List.of("GaussianBlur", "CenterCrop",
            "RandomCrop", "ElasticDeform", "DistMap", "ClipTransform");
    private static final List<String> FLEMME_3D_UNSUPPORTED = List.of("RandomRotate", "RandomContrast", "ElasticDeform",
            "CenterCropXY", "RandomCropXY", "MinMaxNormalize", "GaussianBlur", "RemoveSmallGap", "RemoveThinConnection",
            "DistMap");
    /** Flemme copies data transforms whose lower-case name contains one of these to the labels. */
    private static final List<String> LABEL_GEOMETRY = List.of("rotate", "rotation", "elastic", "flip", "crop", "resize",
            "totensor");

    public TransformSpec(String name, List<Integer> size, String mode, List<Double> mean, List<Double> std,
            double threshold, int outChannel) {
        this(name, size, mode, mean, std, threshold, outChannel, 0, null, List.of(), 0.5, false, null, 0);
    }

    public TransformSpec(String name, List<Integer> size, String mode, List<Double> mean, List<Double> std,
            double threshold, int outChannel, int numClasses, Integer offset, List<List<Integer>> map, double probability,
            boolean channelwise) {
        this(name, size, mode, mean, std, threshold, outChannel, numClasses, offset, map, probability, channelwise, null, 0);
    }

    public TransformSpec {
        map = map == null ? List.of() : List.copyOf(map);
    }

    /** A 2D transform (the form used before 3D datasets existed). */
    public static TransformSpec parse(ConfigNode n) {
        return parse(n, 2);
    }

    /** @param dim the dataset's {@code dim} (2 or 3): decides the vocabulary, as Flemme picks its transform module */
    public static TransformSpec parse(ConfigNode n, int dim) {
        String name = n.requireString("name");
        List<String> known = dim == 3 ? THREE_D : TWO_D;
        if (!known.contains(name)) {
            throw n.error("name", whyUnknown(name, dim, known));
        }
        TransformSpec t = switch (name) {
            case "Resize" -> new TransformSpec(name, requireSize(n, dim), n.choice("mode", "nearest", dim == 3
                    ? List.of("nearest", "linear", "bilinear", "bicubic", "trilinear", "area", "nearest-exact")
                    : List.of("nearest", "bilinear", "bicubic")), null, null, 0, 0);
            case "Normalize" -> normalize(n, dim);
            case "ToBinaryMask" -> new TransformSpec(name, null, null, null, null, n.number("threshold", 0.0), 0);
            case "GrayScale" -> {
                int out = n.integer("out_channel", 1);
                if (out < 1) {
                    throw n.error("out_channel", "must be positive, got " + out);
                }
                yield new TransformSpec(name, null, null, null, null, 0, out);
            }
            case "ToOneHot" -> {
                if (!n.has("num_classes")) {
                    throw n.error("num_classes", "is required for ToOneHot");
                }
                int k = n.integer("num_classes", 0);
                if (k < 2) {
                    throw n.error("num_classes", "must be at least 2, got " + k);
                }
                yield new TransformSpec(name, null, null, null, null, 0, 0, k, null, List.of(), 0, false);
            }
            case "Relabel" -> relabel(n);
            case "RandomHorizontalFlip", "RandomVerticalFlip" -> random(name, probability(n, "p"));
            case "RandomFlip" -> random(name, probability(n, "axis_prob"));
            case "RandomRotation" -> rotation(n);
            case "ToTensor" -> {
                if (dim == 3 && !n.bool("expand_dims", true)) {
                    throw n.error("expand_dims", "false (no channel axis) is not supported in flemme4j: models take (C, D, H, W)");
                }
                yield new TransformSpec(name, null, null, null, null, 0, 0);
            }
            default -> new TransformSpec(name, null, null, null, null, 0, 0);
        };
        n.rejectUnknownKeys();
        return t;
    }

    private static String whyUnknown(String name, int dim, List<String> known) {
        String supported = "; supported for dim " + dim + ": " + String.join(", ", known);
        List<String> other = dim == 3 ? TWO_D : THREE_D;
        if ((dim == 3 ? FLEMME_3D_UNSUPPORTED : FLEMME_2D_UNSUPPORTED).contains(name)) {
            return "transform '" + name + "' is not supported yet in flemme4j" + supported;
        }
        if (other.contains(name) || (dim == 3 ? FLEMME_2D_UNSUPPORTED : FLEMME_3D_UNSUPPORTED).contains(name)) {
            return "transform '" + name + "' is a " + (dim == 3 ? "2D" : "3D") + " transform in Flemme, but the dataset has dim "
                    + dim + supported;
        }
        return "unknown transform '" + name + "'" + ConfigNode.suggestion(name, known) + supported;
    }

    private static TransformSpec random(String name, double p) {
        return new TransformSpec(name, null, null, null, null, 0, 0, 0, null, List.of(), p, false);
    }

    /** torchvision's RandomRotation as Flemme's YAML can write it: nearest, no expansion, centred. */
    private static TransformSpec rotation(ConfigNode n) {
        if (!n.has("degrees")) {
            throw n.error("degrees", "is required for RandomRotation: a number d (for [-d, d]) or [min, max]");
        }
        List<Double> d = n.numberList("degrees", null);
        List<Double> range;
        if (d.size() == 1) {
            if (d.get(0) < 0) {
                throw n.error("degrees", "a single value must be non-negative (it means [-d, d]), got " + d.get(0));
            }
            range = List.of(-d.get(0), d.get(0));
        } else if (d.size() == 2 && d.get(0) <= d.get(1)) {
            range = d;
        } else {
            throw n.error("degrees", "must be a number or [min, max] with min <= max, got " + d);
        }
        n.choice("interpolation", "nearest", List.of("nearest"));
        if (n.bool("expand", false)) {
            throw n.error("expand", "true is not supported in flemme4j: every sample of a batch must keep one size");
        }
        if (n.has("center")) {
            throw n.error("center", "is not supported yet in flemme4j (the image centre is the pivot)");
        }
        double fill = n.number("fill", 0.0);
        return new TransformSpec("RandomRotation", null, null, null, null, 0, 0, 0, null, List.of(), 0, false, range, fill);
    }

    private static double probability(ConfigNode n, String key) {
        double p = n.number(key, 0.5);
        if (!(p >= 0 && p <= 1)) {
            throw n.error(key, "must be a probability in [0, 1], got " + p);
        }
        return p;
    }

    private static TransformSpec normalize(ConfigNode n, int dim) {
        boolean channelwise = false;
        if (dim == 3) {
            channelwise = n.bool("channelwise", false);
            if (!n.has("mean") && !n.has("std")) {
                // vol_transforms.Normalize without mean/std standardises each volume (z-score)
                return new TransformSpec("Normalize", null, null, null, null, 0, 0, 0, null, List.of(), 0, channelwise);
            }
            if (!n.has("mean") || !n.has("std")) {
                throw n.error(n.has("mean") ? "std" : "mean", "give both mean and std, or neither (per-volume z-score)");
            }
        }
        return new TransformSpec("Normalize", null, null, requireList(n, "mean"), requireList(n, "std"), 0, 0, 0, null,
                List.of(), 0, channelwise);
    }

    private static TransformSpec relabel(ConfigNode n) {
        // Flemme's Relabel: offset wins over map; with neither it numbers the distinct values consecutively
        Integer offset = n.has("offset") ? n.integer("offset", 0) : null;
        Object raw = n.rawValue("map");
        List<List<Integer>> pairs = new ArrayList<>();
        if (raw != null) {
            if (!(raw instanceof List<?> list) || list.isEmpty()) {
                throw n.error("map", "must be a non-empty list of [from, to] pairs, e.g. [[4, 3]]");
            }
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof List<?> kv) || kv.size() != 2 || !(kv.get(0) instanceof Integer a)
                        || !(kv.get(1) instanceof Integer b)) {
                    throw new ConfigException(n.pathOf("map") + "[" + i + "]", "must be an integer pair [from, to], got "
                            + list.get(i));
                }
                pairs.add(List.of(a, b));
            }
        }
        return new TransformSpec("Relabel", null, null, null, null, 0, 0, 0, offset, offset != null ? List.of() : pairs,
                0, false);
    }

    private static List<Integer> requireSize(ConfigNode n, int dim) {
        List<Integer> size = n.intList("size", null);
        if (size == null) {
            throw n.error("size", "is required for Resize, e.g. size: " + (dim == 3 ? "[32, 64, 64]" : "[64, 64]"));
        }
        if (size.size() != dim || size.stream().anyMatch(s -> s <= 0)) {
            throw n.error("size", "must be " + dim + " positive integers " + (dim == 3 ? "[D, H, W]" : "[H, W]") + " for "
                    + dim + "D images, got " + size);
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

    /** Flemme's rule for deriving label transforms: the transforms that move or resample pixels (and ToTensor). */
    public boolean appliesToLabels() {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return LABEL_GEOMETRY.stream().anyMatch(lower::contains);
    }

    /** Draws random numbers (Flemme's check: a name containing "random" or "noise", or ElasticDeform, GaussianBlur). */
    public boolean isRandom() {
        return RANDOM.contains(name);
    }

    /** Works on values (not geometry): after one of these, ToTensor no longer scales 8-bit data by 1/255. */
    public boolean changesValueType() {
        return List.of("Relabel", "ToOneHot", "ToBinaryMask", "ToInt", "InverseColor").contains(name);
    }
}
