package dev.flemme4j.protocol.spec;

import static dev.flemme4j.protocol.registry.KeyType.BOOL;
import static dev.flemme4j.protocol.registry.KeyType.MAPPING_LIST;
import static dev.flemme4j.protocol.registry.KeyType.NAME;
import static dev.flemme4j.protocol.registry.KeyType.NUMBER;
import static dev.flemme4j.protocol.registry.KeyType.STRING;

import dev.flemme4j.protocol.registry.ComponentKind;
import dev.flemme4j.protocol.registry.Declared;
import dev.flemme4j.protocol.registry.Key;
import dev.flemme4j.protocol.registry.KeySet;
import java.util.List;
import java.util.Map;

/**
 * The registry of {@code evaluation_metrics.<group>[].name}: the validation metrics flemme4j computes, with their keys,
 * and which group ({@code seg}, {@code cls}, {@code recon}) takes which (CD, Chamfer and EMD only on point clouds); plus the keys of the groups themselves and of
 * {@code score_metric}. {@link TrainJobSpec} reads those sections bound to these keys.
 */
public final class Metrics {
    /** HD's {@code method} values, as scikit-image's hausdorff_distance names them. */
    public static final List<String> HD_METHODS = List.of("standard", "modified");
    /** CD's {@code metric} values: scikit-learn's names of the point distance upstream's nearest-neighbour search uses. */
    public static final List<String> CD_METRICS = List.of("l2", "l1");
    /** CD's {@code direction} values: both ways averaged, or one way (x is the reconstruction, y the target). */
    public static final List<String> CD_DIRECTIONS = List.of("bi", "x_to_y", "y_to_x");
    private static final Key NAME_KEY = Key.required("name", NAME, "the metric");
    private static final String CD_DOC = "Chamfer distance of point clouds (recon): mean nearest-neighbour distance,"
            + " not squared; lower is better";
    private static final KeySet CD_KEYS = KeySet.of(NAME_KEY,
            Key.of("metric", STRING, CD_METRICS.get(0), "the point distance: " + String.join(", ", CD_METRICS)),
            Key.of("direction", STRING, CD_DIRECTIONS.get(0), "bi (both ways averaged), x_to_y (reconstruction to"
                    + " target) or y_to_x"));
    private static final Key DATA_RANGE = Key.of("data_range", NUMBER, null, "the data's value range (warned when missing)");

    public static final ComponentKind<Declared> KIND = new ComponentKind<Declared>("evaluation_metrics", "metric",
            "validation metrics (evaluation_metrics.seg/cls/recon[].name, score_metric.name)")
            .register(Declared.of("ACC", "accuracy: of pixels (seg) or of classes (cls)", KeySet.of(NAME_KEY)))
            .register(Declared.of("Dice", "Dice coefficient of the label maps (seg)", KeySet.of(NAME_KEY)))
            .register(Declared.of("F1", "F1 score of the label maps (seg)", KeySet.of(NAME_KEY)))
            .register(Declared.of("mIoU", "mean intersection over union (seg)", KeySet.of(NAME_KEY)))
            .register(Declared.of("HD", "Hausdorff distance of the label maps (seg); lower is better", KeySet.of(NAME_KEY,
                    Key.of("method", STRING, HD_METHODS.get(0), "scikit-image's method: "
                            + String.join(", ", HD_METHODS)))))
            .register(Declared.of("MSE", "mean squared error (recon); lower is better", KeySet.of(NAME_KEY)))
            .register(Declared.of("PSNR", "peak signal-to-noise ratio (recon)", KeySet.of(NAME_KEY, DATA_RANGE)))
            .register(Declared.of("SSIM", "structural similarity (recon)", KeySet.of(NAME_KEY,
                    DATA_RANGE.withDoc("the data's value range; default " + TrainJobSpec.DEFAULT_SSIM_DATA_RANGE
                            + " (scikit-image 0.19's for float images), warned when missing"))))
            .register(Declared.of("CD", CD_DOC, CD_KEYS))
            .register(Declared.of("Chamfer", CD_DOC + " (same as CD)", CD_KEYS))
            .register(Declared.of("EMD", "earth mover's distance of point clouds (recon): mean Euclidean distance under"
                    + " the exact optimal one-to-one matching; O(N³) per sample; lower is better", KeySet.of(NAME_KEY,
                    Key.of("reg", NUMBER, null, "upstream's Sinkhorn regularisation; not supported yet (flemme4j"
                            + " computes the exact EMD, as upstream does without reg)"))))
            .later("TopKACC", "SoftDice", "SegARI", "RI", "ARI", "MIS", "NMIS", "AMIS", "CACC", "FID", "KID",
                    "BettiError", "meanBettiError");

    /** Metric names flemme4j computes, per {@code evaluation_metrics} group. */
    public static final Map<String, List<String>> BY_GROUP = Map.of(
            "seg", List.of("ACC", "Dice", "F1", "mIoU", "HD"),
            "cls", List.of("ACC"),
            "recon", List.of("MSE", "PSNR", "SSIM", "CD", "Chamfer", "EMD"));

    /** The keys of {@code evaluation_metrics}: Flemme's groups, of which flemme4j computes seg, cls and recon. */
    public static final KeySet GROUPS = KeySet.of(
            Key.of("seg", MAPPING_LIST, null, "segmentation metrics: " + String.join(", ", BY_GROUP.get("seg"))),
            Key.of("cls", MAPPING_LIST, null, "classification metrics: " + String.join(", ", BY_GROUP.get("cls"))),
            Key.of("recon", MAPPING_LIST, null, "reconstruction metrics: " + String.join(", ", BY_GROUP.get("recon"))),
            Key.of("cluster", MAPPING_LIST, null, "not supported yet"),
            Key.of("gen", MAPPING_LIST, null, "not supported yet"));

    /** The keys of {@code score_metric}. */
    public static final KeySet SCORE = KeySet.of(Key.required("name", NAME, "one of the computed metrics"),
            Key.of("higher_is_better", BOOL, "true", "Flemme's default whatever the metric (warned for HD and MSE)"));

    private Metrics() {
    }
}
