package dev.flemme4j.protocol.spec;

import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.transform.Transform;
import dev.flemme4j.protocol.transform.Transforms;
import java.util.List;
import java.util.OptionalInt;

/**
 * One parsed entry of Flemme's {@code data_transforms}/{@code label_transforms}/{@code target_transforms}/
 * {@code class_label_transforms} lists: the settings of the built-in transforms, or {@code params} for a transform
 * with settings of its own. What the name means lives in its registration, {@link #transform()}.
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
 * @param params      a transform's own immutable settings (null for the built-in ones, which use the fields above)
 */
public record TransformSpec(String name, List<Integer> size, String mode, List<Double> mean, List<Double> std,
        double threshold, int outChannel, int numClasses, Integer offset, List<List<Integer>> map, double probability,
        boolean channelwise, List<Double> degrees, double fill, Object params) {

    public TransformSpec(String name, List<Integer> size, String mode, List<Double> mean, List<Double> std,
            double threshold, int outChannel) {
        this(name, size, mode, mean, std, threshold, outChannel, 0, null, List.of(), 0.5, false, null, 0, null);
    }

    public TransformSpec(String name, List<Integer> size, String mode, List<Double> mean, List<Double> std,
            double threshold, int outChannel, int numClasses, Integer offset, List<List<Integer>> map, double probability,
            boolean channelwise) {
        this(name, size, mode, mean, std, threshold, outChannel, numClasses, offset, map, probability, channelwise, null, 0,
                null);
    }

    public TransformSpec(String name, List<Integer> size, String mode, List<Double> mean, List<Double> std,
            double threshold, int outChannel, int numClasses, Integer offset, List<List<Integer>> map, double probability,
            boolean channelwise, List<Double> degrees, double fill) {
        this(name, size, mode, mean, std, threshold, outChannel, numClasses, offset, map, probability, channelwise, degrees,
                fill, null);
    }

    public TransformSpec {
        map = map == null ? List.of() : List.copyOf(map);
    }

    /** A transform without settings, or with settings of its own in {@code params}. */
    public static TransformSpec of(String name, Object params) {
        return new TransformSpec(name, null, null, null, null, 0, 0, 0, null, List.of(), 0, false, null, 0, params);
    }

    /** A 2D transform (the form used before 3D datasets existed). */
    public static TransformSpec parse(ConfigNode n) {
        return parse(n, 2);
    }

    /** @param dim the dataset's {@code dim} (2 or 3): decides the vocabulary, as Flemme picks its transform module */
    public static TransformSpec parse(ConfigNode n, int dim) {
        return Transforms.parse(n, dim);
    }

    /** The registration of {@link #name()}. */
    public Transform transform() {
        return Transforms.of(name);
    }

    /** Flemme's rule for deriving label transforms: the transforms that move or resample pixels (and ToTensor). */
    public boolean appliesToLabels() {
        return transform().appliesToLabels();
    }

    /** Draws random numbers: applied once per training sample at ingestion. */
    public boolean isRandom() {
        return transform().random();
    }

    /** Works on values (not geometry): after one of these, ToTensor no longer scales 8-bit data by 1/255. */
    public boolean changesValueType() {
        return transform().changesValueType();
    }

    /** The label channels this transform one-hot encodes into (ToOneHot), else empty. */
    public OptionalInt oneHotClasses() {
        return transform().oneHotClasses(this);
    }

    /** The text the coordinator's dataset id hashes: a record's, without {@code params} when there are none. */
    @Override
    public String toString() {
        return "TransformSpec[name=" + name + ", size=" + size + ", mode=" + mode + ", mean=" + mean + ", std=" + std
                + ", threshold=" + threshold + ", outChannel=" + outChannel + ", numClasses=" + numClasses + ", offset="
                + offset + ", map=" + map + ", probability=" + probability + ", channelwise=" + channelwise
                + ", degrees=" + degrees + ", fill=" + fill + (params == null ? "" : ", params=" + params) + "]";
    }
}
