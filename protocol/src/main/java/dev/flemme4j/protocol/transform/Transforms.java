package dev.flemme4j.protocol.transform;

import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.image.SpatialImage;
import dev.flemme4j.protocol.registry.ComponentKind;
import dev.flemme4j.protocol.registry.KeySet;
import dev.flemme4j.protocol.spec.TransformSpec;
import dev.flemme4j.protocol.transform.points.AddNoise;
import dev.flemme4j.protocol.transform.points.FixedPoints;
import dev.flemme4j.protocol.transform.points.RandomRotate;
import dev.flemme4j.protocol.transform.points.RandomScale;
import dev.flemme4j.protocol.transform.points.ShufflePoints;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code transforms} kind: every transform name flemme4j implements, registered once. Flemme's other names are
 * recognised and rejected as "not supported yet" rather than silently dropped, and a name of the other dimension's
 * vocabulary says so.
 */
public final class Transforms {
    private static final List<String> FLEMME_2D_LATER = List.of("GaussianBlur", "CenterCrop", "RandomCrop",
            "ElasticDeform", "DistMap", "ClipTransform");
    private static final List<String> FLEMME_PCD_LATER = List.of("RandomTranslate", "LinearTransformation", "Rotate",
            "Relabel", "ToInt");
    private static final List<String> FLEMME_3D_LATER = List.of("RandomRotate", "RandomContrast", "ElasticDeform",
            "CenterCropXY", "RandomCropXY", "MinMaxNormalize", "GaussianBlur", "RemoveSmallGap", "RemoveThinConnection",
            "DistMap");

    public static final ComponentKind<Transform> KIND = new ComponentKind<Transform>("transforms", "transform",
            "loader.data_transforms, label_transforms, target_transforms and class_label_transforms entries (name:);"
                    + " 2D names from Flemme's img_transforms, 3D from vol_transforms")
            .register(new Resize())
            .register(new ToTensor())
            .register(new Normalize())
            .register(new GrayScale())
            .register(new ToBinaryMask())
            .register(new ToOneHot())
            .register(new Relabel())
            .register(new ValueMap("InverseColor", "1 - x", false, SpatialImage::inverted))
            .register(new ValueMap("ToInt", "values truncated towards zero", true, SpatialImage::truncate))
            .register(new AxisFlip("RandomHorizontalFlip", 1))
            .register(new AxisFlip("RandomVerticalFlip", 2))
            .register(new RandomRotation())
            .register(new RandomFlip())
            .register(new RandomRotate90())
            .register(new FixedPoints())
            .register(new ShufflePoints())
            .register(new RandomRotate())
            .register(new RandomScale())
            .register(AddNoise.fixed())
            .register(AddNoise.randomStd())
            .later(later());

    private Transforms() {
    }

    private static String[] later() {
        List<String> all = new ArrayList<>(FLEMME_2D_LATER);
        FLEMME_3D_LATER.stream().filter(n -> !all.contains(n)).forEach(all::add);
        // a name registered for another vocabulary (RandomRotate: point clouds) stays "later" per dimension only
        List<String> registered = List.of("RandomRotate", "ToOneHot", "Relabel", "ToInt");
        FLEMME_PCD_LATER.stream().filter(n -> !all.contains(n) && !registered.contains(n)).forEach(all::add);
        all.removeAll(registered);
        return all.toArray(String[]::new);
    }

    /** The registered transform {@code name} (a parsed spec's name is always registered). */
    public static Transform of(String name) {
        return KIND.find(name).orElseThrow(() -> new IllegalArgumentException("no transform '" + name + "' is registered"));
    }

    /** The names a {@code dim}-D dataset takes, in registration order. */
    public static List<String> names(int dim) {
        return KIND.entries().stream().filter(t -> t.supports(dim)).map(Transform::name).toList();
    }

    /** The names {@code class_label_transforms} takes. */
    public static List<String> classIndexNames() {
        return KIND.entries().stream().filter(Transform::appliesToClassIndex).map(Transform::name).toList();
    }

    /**
     * One list entry of a {@code dim}-D dataset: its name resolved, its section bound to that name's keys, parsed,
     * and every key it was given read.
     */
    public static TransformSpec parse(ConfigNode n, int dim) {
        String name = n.dispatchName("name", null);
        Transform t = KIND.find(name).filter(x -> x.supports(dim)).orElse(null);
        if (t == null) {
            throw n.error("name", whyUnknown(name, dim));
        }
        KeySet keys = t.keys(dim);
        ConfigNode bound = keys.bind(n);
        bound.ignore("name");
        TransformSpec spec = t.parse(bound, dim);
        bound.rejectUnknownKeys();
        return spec;
    }

    private static String whyUnknown(String name, int dim) {
        List<String> known = names(dim);
        if (dim == Transform.PCD) {
            String supported = "; supported for point clouds: " + String.join(", ", known);
            if (FLEMME_PCD_LATER.contains(name)) {
                return "transform '" + name + "' is not supported yet for point clouds in flemme4j" + supported;
            }
            if (KIND.find(name).isPresent()) {
                return "transform '" + name + "' is an image transform in Flemme, not a point-cloud one" + supported;
            }
            return "unknown transform '" + name + "'" + ConfigNode.suggestion(name, known) + supported;
        }
        String supported = "; supported for dim " + dim + ": " + String.join(", ", known);
        List<String> other = names(dim == 3 ? 2 : 3);
        if ((dim == 3 ? FLEMME_3D_LATER : FLEMME_2D_LATER).contains(name)) {
            return "transform '" + name + "' is not supported yet in flemme4j" + supported;
        }
        if (names(Transform.PCD).contains(name) && !other.contains(name)) {
            return "transform '" + name + "' is a point-cloud transform in Flemme (pcd_transforms), but the dataset has"
                    + " dim " + dim + supported;
        }
        if (other.contains(name) || (dim == 3 ? FLEMME_2D_LATER : FLEMME_3D_LATER).contains(name)) {
            return "transform '" + name + "' is a " + (dim == 3 ? "2D" : "3D") + " transform in Flemme, but the dataset has dim "
                    + dim + supported;
        }
        return "unknown transform '" + name + "'" + ConfigNode.suggestion(name, known) + supported;
    }
}
