package dev.flemme4j.protocol.transform;

import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.image.SpatialImage;
import dev.flemme4j.protocol.model.Preprocessing;
import dev.flemme4j.protocol.pointcloud.PointCloud;
import dev.flemme4j.protocol.registry.Declared;
import dev.flemme4j.protocol.registry.Key;
import dev.flemme4j.protocol.registry.KeySet;
import dev.flemme4j.protocol.registry.KeyType;
import dev.flemme4j.protocol.registry.Registration;
import dev.flemme4j.protocol.spec.TransformSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * One registered transform {@code name:}: everything flemme4j knows about it. Flemme takes 2D transforms from
 * {@code img_transforms} and 3D ones from {@code vol_transforms}, so a name exists per dimension, with keys per
 * dimension. The defaults say "keeps the shape", "not random", "serving does not need it"; a transform overrides
 * what it does differently.
 */
public abstract class Transform implements Registration {
    private static final Key NAME = Key.required("name", KeyType.NAME, "the transform");
    /** Flemme copies data transforms whose lower-case name contains one of these to the labels. */
    private static final List<String> LABEL_GEOMETRY = List.of("rotate", "rotation", "elastic", "flip", "crop", "resize",
            "totensor");

    /** The name, the doc and the keys of either dimension (for the key reference). */
    private final Declared entry;
    /**
     * The pseudo-dimension of point-cloud datasets ({@code data_form: PCD}): upstream takes their transforms from
     * {@code pcd_transforms}, a third vocabulary next to the 2D and 3D ones.
     */
    public static final int PCD = 1;

    /** The keys per vocabulary: index {@link #PCD}, 2 and 3, null where the vocabulary lacks this name. */
    private final KeySet[] byDim;

    /**
     * @param twoD   its keys in a 2D dataset ({@code name} aside), null when Flemme's {@code img_transforms} lacks it
     * @param threeD its keys in a 3D dataset, null when {@code vol_transforms} lacks it
     */
    protected Transform(String name, String doc, KeySet twoD, KeySet threeD) {
        this(name, doc, twoD, threeD, null);
    }

    /** @param points its keys in a point-cloud dataset, null when Flemme's {@code pcd_transforms} lacks it */
    protected Transform(String name, String doc, KeySet twoD, KeySet threeD, KeySet points) {
        byDim = new KeySet[] {null, withName(points), withName(twoD), withName(threeD)};
        String where = twoD == null && threeD == null ? " (point clouds only)"
                : twoD == null ? " (3D only)" : threeD == null ? " (2D only)" : "";
        entry = Declared.of(name, doc + where, union(union(byDim[2], byDim[3]), byDim[PCD]));
    }

    private static KeySet withName(KeySet keys) {
        return keys == null ? null : KeySet.of(NAME).plus(keys);
    }

    private static KeySet union(KeySet a, KeySet b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        List<Key> all = new ArrayList<>(a.keys());
        b.keys().stream().filter(k -> a.get(k.name()) == null).forEach(all::add);
        return KeySet.of(all);
    }

    @Override
    public final String name() {
        return entry.name();
    }

    @Override
    public List<String> aliases() {
        return List.of();
    }

    @Override
    public final String doc() {
        return entry.doc();
    }

    /** Every key of either dimension, for the key reference. */
    @Override
    public final KeySet keys() {
        return entry.keys();
    }

    public final boolean supports(int dim) {
        return keys(dim) != null;
    }

    /** The keys of this transform in a {@code dim}-D dataset. */
    public final KeySet keys(int dim) {
        return dim == 3 ? byDim[3] : dim == PCD ? byDim[PCD] : byDim[2];
    }

    /**
     * Reads the section, already bound to {@link #keys(int)}; every declared key given must be read or refused. The
     * default suits a transform without keys.
     */
    public TransformSpec parse(ConfigNode n, int dim) {
        return new TransformSpec(name(), null, null, null, null, 0, 0);
    }

    /** The image after this transform; {@code pass} carries the draws and ToTensor's state. */
    public abstract SpatialImage apply(SpatialImage x, TransformSpec t, ImagePass pass);

    /**
     * A point cloud ({@code points} rows of {@code dims} values) after this transform; only transforms with
     * point-cloud keys are called.
     *
     * @param at YAML path of this transform, to name a value it cannot take
     */
    public PointCloud applyPoints(PointCloud c, TransformSpec t, Draws draws, String at) {
        throw new IllegalStateException("transform " + name() + " has no point-cloud form");
    }

    /** Draws random numbers: applied once per training sample at ingestion, refused in a validation loader. */
    public boolean random() {
        return false;
    }

    /**
     * A random transform a validation loader may still list because it has a draw-free form (FixedPoints: a batch
     * needs one point count, so validation samples are sampled from a fixed seed).
     */
    public boolean runsWithoutDraws() {
        return false;
    }

    /** Works on values (not geometry): after one of these, ToTensor no longer scales 8-bit data by 1/255. */
    public boolean changesValueType() {
        return false;
    }

    /** Is ToTensor: a list without one is scaled up front. */
    public boolean scalesLikeToTensor() {
        return false;
    }

    /** Flemme's rule for deriving label transforms: the transforms that move or resample pixels (and ToTensor). */
    public boolean appliesToLabels() {
        String lower = name().toLowerCase(Locale.ROOT);
        return LABEL_GEOMETRY.stream().anyMatch(lower::contains);
    }

    /**
     * The shape after this transform, or a {@link TransformRejection} naming the key.
     *
     * @param at   YAML path of this transform, e.g. {@code loader.data_transforms[2]}
     * @param file a sample file with that shape, for the message
     */
    public SampleShape shape(SampleShape in, TransformSpec t, String at, String file) {
        return in;
    }

    /** Sets the spatial size (the key to name when the size does not fit the model). */
    public boolean resizes() {
        return false;
    }

    /** Refuses settings the parser accepts as Flemme's but ingestion cannot apply yet. */
    public void checkIngestion(TransformSpec t, String at) {
    }

    /** The label channels this transform encodes (ToOneHot), for checks against the model's output. */
    public OptionalInt oneHotClasses(TransformSpec t) {
        return OptionalInt.empty();
    }

    /** Refuses this transform in {@code class_label_transforms} unless it {@link #appliesToClassIndex() applies}. */
    public void checkClassIndex(TransformSpec t, String at) {
        if (appliesToClassIndex()) {
            return;
        }
        throw new ConfigException(at + ".name", "transform '" + name() + "' does not apply to a class index;"
                + " class_label_transforms take " + String.join(", ", Transforms.classIndexNames()));
    }

    /** Whether {@link #checkClassIndex} accepts this transform at all. */
    public boolean appliesToClassIndex() {
        return false;
    }

    public void applyToClassIndex(ClassIndex c, TransformSpec t, String at, boolean first, String sample) {
        throw new IllegalArgumentException("transform " + name() + " does not apply to a class index");
    }

    /** The Normalize a served model applies after this transform (the exported manifest's preprocessing). */
    public Preprocessing.Normalize servingNormalize(TransformSpec t, Preprocessing.Normalize before) {
        return before;
    }

    /** Reads a probability in [0, 1] (default 0.5, as Flemme's flips). */
    protected static double probability(ConfigNode n, String key) {
        double p = n.number(key, 0.5);
        if (!(p >= 0 && p <= 1)) {
            throw n.error(key, "must be a probability in [0, 1], got " + p);
        }
        return p;
    }

    @Override
    public String toString() {
        return "transform " + name();
    }
}
