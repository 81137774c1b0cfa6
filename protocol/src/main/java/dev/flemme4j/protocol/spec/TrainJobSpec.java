package dev.flemme4j.protocol.spec;

import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.config.YamlDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training job: Flemme's own train config ({@code mode: train}) plus flemme4j's optional {@code job:} block.
 * This is the one place the top-level keys are read. The {@code model:} section is kept raw here and parsed by
 * the model zoo, which owns the model vocabulary.
 *
 * <p>Flemme ignores unknown keys; we reject them with their path, except keys Flemme reads that do not apply to a
 * streamed run (logging cadence, tensorboard, local checkpoint dir), which are accepted and listed in
 * {@link #warnings()} so a user sees they had no effect.
 *
 * <p>Metric options: {@code psnrDataRange} is null when the PSNR entry gives no {@code data_range} (then the range
 * follows scikit-image's rule per sample); {@code hdMethod} is {@code standard} (max) or {@code modified} (mean).
 */
public record TrainJobSpec(Map<String, Object> model, LoaderSpec loader, LoaderSpec valLoader, double valSplitRatio,
        long valSplitSeed, OptimizerSpec optimizer, LrSchedulerSpec lrScheduler, int maxEpoch, long maxSteps,
        int warmupEpochs, double warmupStartScale, double clipGrad, Long randSeed, String device,
        Map<String, List<String>> evaluationMetrics, String scoreMetric, boolean scoreHigherIsBetter,
        double minScoreDelta, int saveAfterEpochs, JobOptions job, List<String> warnings,
        Double psnrDataRange, double ssimDataRange, String hdMethod, ChamferOptions chamfer, SplitFiles splitFiles) {

    /**
     * The options of the CD / Chamfer metric ({@code metric} l2 or l1, {@code direction} bi, x_to_y or y_to_x); one
     * set per job, so CD and Chamfer listed together share the last one given.
     */
    public record ChamferOptions(String metric, String direction) {
        public static final ChamferOptions DEFAULT = new ChamferOptions(Metrics.CD_METRICS.get(0),
                Metrics.CD_DIRECTIONS.get(0));
    }

    /**
     * Flemme's {@code split_files}: text files of sample names, one per line; a sample belongs to a split when its
     * image path contains one of the names. Paths are the coordinator's (relative ones against its data root).
     *
     * @param train null: every sample not otherwise chosen trains (Flemme keeps the whole set)
     * @param val   null: no validation set
     */
    public record SplitFiles(List<String> train, List<String> val) {
    }

    public static final String MODEL_PATH = "model";
    private static final List<String> METRIC_GROUPS = List.of("seg", "recon", "cls", "cluster", "gen");
    /** Metric names flemme4j computes, per {@code evaluation_metrics} group. */
    public static final Map<String, List<String>> METRICS = Metrics.BY_GROUP;
    /**
     * SSIM's {@code data_range} when the entry gives none: scikit-image 0.19 (what Flemme calls) then takes the
     * range of the float dtype, [-1, 1]. Newer scikit-image refuses float images without it, hence the warning.
     */
    public static final double DEFAULT_SSIM_DATA_RANGE = 2.0;
    /** HD's {@code method} values, as scikit-image's hausdorff_distance names them. */
    public static final List<String> HD_METHODS = Metrics.HD_METHODS;
    /** Metrics where a smaller value is better; only used to warn about Flemme's higher_is_better default. */
    private static final List<String> LOWER_IS_BETTER = List.of("HD", "MSE", "CD", "Chamfer", "EMD");

    public static TrainJobSpec parse(String yaml) {
        return parse(YamlDocument.parse(yaml));
    }

    public static TrainJobSpec parse(ConfigNode document) {
        String mode = document.dispatchName("mode", "train");
        if (!mode.equals("train")) {
            throw document.error("mode", "jobs must be training configs (mode: train); got '" + mode + "'");
        }
        return JobKeys.KIND.resolve(document, "mode", mode).parse(document);
    }

    /**
     * A KafkaStream has no end and no files: the job ends at {@code max_steps} (so it is required), and its records
     * are tensors already (so there is nothing to split off for validation; file transforms are refused by the loader).
     */
    private static void checkStream(ConfigNode root, LoaderSpec valLoader, long maxSteps) {
        if (maxSteps == Long.MAX_VALUE) {
            throw root.error("max_steps", "is required with loader.dataset.name: KafkaStream (a stream has no epochs);"
                    + " give the number of optimizer steps to train, > 0");
        }
        if (valLoader != null || root.number("val_split_ratio", 0.0) != 0.0 || root.node("split_files") != null) {
            throw root.error(valLoader != null ? "val_loader" : root.node("split_files") != null ? "split_files"
                    : "val_split_ratio", "a KafkaStream job has no validation set yet (a stream cannot be split)");
        }
    }

    /** Parses the document bound to {@link JobKeys#ROOT}. */
    static TrainJobSpec parseBound(ConfigNode root) {
        List<String> warnings = new ArrayList<>(root.documentWarnings());
        String mode = root.string("mode", "train");
        if (!mode.equals("train")) {
            throw root.error("mode", "jobs must be training configs (mode: train); got '" + mode + "'");
        }
        ConfigNode modelNode = root.requireNode("model");
        int maxEpoch = root.integer("max_epoch", 1000);
        if (maxEpoch <= 0) {
            throw root.error("max_epoch", "must be positive, got " + maxEpoch);
        }
        long maxSteps = root.longValue("max_steps", Long.MAX_VALUE);
        if (maxSteps <= 0) {
            throw root.error("max_steps", "must be positive, got " + maxSteps);
        }
        LoaderSpec loader = LoaderSpec.parse(root.requireNode("loader"), true);
        ConfigNode val = root.node("val_loader");
        LoaderSpec valLoader = val == null ? null : LoaderSpec.parse(val, false);
        if (loader.dataset().isStream()) {
            checkStream(root, valLoader, maxSteps);
        }
        double valSplit = root.number("val_split_ratio", 0.0);
        if (valSplit < 0 || valSplit >= 1) {
            throw root.error("val_split_ratio", "must be in [0, 1), got " + valSplit);
        }
        long valSeed = root.longValue("val_split_seed", 0);
        SplitFiles splitFiles = splitFiles(root.node("split_files"));
        for (int i = 0; i < loader.dataTransforms().size(); i++) {
            TransformSpec t = loader.dataTransforms().get(i);
            if (t.isRandom()) {
                warnings.add("loader.data_transforms[" + i + "] (" + t.name() + "): drawn once per training sample when the"
                        + " dataset is ingested, so each sample keeps one augmented form for every epoch (Flemme redraws"
                        + " every epoch); not applied to validation samples");
            }
        }
        OptimizerSpec optimizer = OptimizerSpec.parse(root.requireNode("optimizer"));
        ConfigNode sched = root.node("lr_scheduler");
        LrSchedulerSpec scheduler = sched == null ? null : LrSchedulerSpec.parse(sched, maxEpoch);
        int warmup = root.integer("warmup_epochs", 0);
        double warmupScale = root.number("warmup_start_scale", 0.05);
        double clipGrad = root.number("clip_grad", 0.0);
        Long seed = root.has("rand_seed") ? root.longValue("rand_seed", 0) : null;
        String device = root.string("device", "auto");
        MetricOptions metricOptions = new MetricOptions();
        Map<String, List<String>> metrics = parseMetrics(root.node("evaluation_metrics"), metricOptions, warnings);
        ConfigNode scoreSection = root.node("score_metric");
        String scoreName = null;
        boolean higher = true;
        if (scoreSection != null) {
            ConfigNode score = Metrics.SCORE.bind(scoreSection);
            scoreName = score.requireString("name");
            requireComputed(score, scoreName, metrics);
            // Flemme's default, whatever the metric; a lower-is-better metric left at it keeps the worst epoch.
            higher = score.bool("higher_is_better", true);
            if (higher && !score.has("higher_is_better") && LOWER_IS_BETTER.contains(scoreName)) {
                warnings.add("score_metric.higher_is_better: defaults to true (as in Flemme), so the checkpoint with the"
                        + " highest " + scoreName + " is kept; set it to false to keep the lowest");
            }
            score.rejectUnknownKeys();
        }
        double minScoreDelta = root.number("min_score_delta", 1e-8);
        int saveAfter = root.integer("save_after_epochs", 1);
        if (saveAfter <= 0) {
            throw root.error("save_after_epochs", "must be positive, got " + saveAfter);
        }
        ConfigNode jobNode = root.node("job");
        JobOptions job = jobNode == null ? JobOptions.defaults() : JobOptions.parse(jobNode);

        for (String k : List.of("pretrained", "pretrained_components", "ignore_mismatched_keys", "resume")) {
            Object v = root.rawValue(k);
            if (v != null && !Boolean.FALSE.equals(v)) {
                throw root.error(k, "is not supported yet in flemme4j");
            }
        }
        root.rejectUnknownKeys();
        warnings.addAll(root.warnings());
        return new TrainJobSpec(modelNode.raw(), loader, valLoader, valSplit, valSeed, optimizer, scheduler, maxEpoch,
                maxSteps, warmup, warmupScale, clipGrad, seed, device, metrics, scoreName, higher, minScoreDelta,
                saveAfter, job, List.copyOf(warnings), metricOptions.psnrDataRange,
                metricOptions.ssimDataRange, metricOptions.hdMethod, metricOptions.chamfer, splitFiles);
    }

    private static SplitFiles splitFiles(ConfigNode raw) {
        if (raw == null) {
            return null;
        }
        ConfigNode n = LoaderKeys.SPLIT_FILES.bind(raw);
        List<String> train = fileList(n, "train");
        List<String> val = fileList(n, "val");
        n.rejectUnknownKeys();
        if (train == null && val == null) {
            throw new ConfigException(n.path(), "names neither train nor val files");
        }
        return new SplitFiles(train, val);
    }

    private static List<String> fileList(ConfigNode n, String key) {
        List<String> files = n.stringList(key, null);
        if (files != null && (files.isEmpty() || files.stream().anyMatch(f -> f == null || f.isBlank()))) {
            throw n.error(key, "must name one split file or a list of them, got " + files);
        }
        return files;
    }

    /** This spec with {@code more} warnings (e.g. the model section's, recorded when the model zoo parsed it). */
    public TrainJobSpec withMoreWarnings(List<String> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<String> all = new ArrayList<>(warnings);
        all.addAll(more);
        return new TrainJobSpec(model, loader, valLoader, valSplitRatio, valSplitSeed, optimizer, lrScheduler, maxEpoch,
                maxSteps, warmupEpochs, warmupStartScale, clipGrad, randSeed, device, evaluationMetrics, scoreMetric,
                scoreHigherIsBetter, minScoreDelta, saveAfterEpochs, job, List.copyOf(all), psnrDataRange, ssimDataRange,
                hdMethod, chamfer, splitFiles);
    }

    /** The {@code model:} section as a fresh ConfigNode for the model zoo to parse. */
    public ConfigNode modelNode() {
        return new ConfigNode(MODEL_PATH, model);
    }

    /** The per-metric keys of {@code evaluation_metrics} entries, filled while parsing them. */
    private static final class MetricOptions {
        Double psnrDataRange;
        double ssimDataRange = DEFAULT_SSIM_DATA_RANGE;
        String hdMethod = HD_METHODS.get(0);
        ChamferOptions chamfer = ChamferOptions.DEFAULT;
    }

    /**
     * Flemme asserts the score metric is one of the evaluation metrics (and without {@code evaluation_metrics}
     * ignores it); flemme4j then still validates with its default metrics and computes the score metric too, so any
     * metric it computes will do.
     */
    private static void requireComputed(ConfigNode score, String name, Map<String, List<String>> metrics) {
        List<String> computed = (metrics.isEmpty() ? METRICS : metrics).values().stream().flatMap(List::stream)
                .distinct().toList();
        if (!computed.contains(name)) {
            throw score.error("name", "score metric '" + name + "' is not among the evaluation metrics"
                    + ConfigNode.suggestion(name, computed) + "; one of " + String.join(", ", computed));
        }
    }

    private static Map<String, List<String>> parseMetrics(ConfigNode section, MetricOptions options, List<String> warnings) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (section == null) {
            return out;
        }
        ConfigNode n = Metrics.GROUPS.bind(section);
        for (String group : n.keys()) {
            if (!METRIC_GROUPS.contains(group)) {
                throw n.error(group, "unknown metric group" + ConfigNode.suggestion(group, METRIC_GROUPS) + "; one of "
                        + String.join(", ", METRIC_GROUPS));
            }
            List<String> known = METRICS.get(group);
            if (known == null) {
                throw n.error(group, "'" + group + "' metrics are not supported yet in flemme4j; supported groups: "
                        + String.join(", ", List.of("seg", "cls", "recon")));
            }
            List<ConfigNode> items = n.nodeList(group);
            List<String> names = new ArrayList<>();
            for (ConfigNode item : items) {
                String name = item.dispatchName("name", null);
                if (!known.contains(name)) {
                    String why = Metrics.KIND.laterNames().contains(name) || Metrics.KIND.find(name).isPresent()
                            ? "metric '" + name + "' is not supported yet in flemme4j for '" + group + "'"
                            : "unknown metric '" + name + "'" + ConfigNode.suggestion(name, known);
                    throw item.error("name", why + "; supported: " + String.join(", ", known));
                }
                ConfigNode m = Metrics.KIND.find(name).orElseThrow().bind(item);
                switch (name) {
                    case "PSNR" -> {
                        if (m.has("data_range")) {
                            options.psnrDataRange = dataRange(m);
                        } else {
                            warnings.add(m.pathOf("data_range") + ": not given; PSNR takes 1, or 2 when the"
                                    + " reconstruction has negative values (scikit-image's rule), and has none when it"
                                    + " leaves [-1, 1]; set it to your data's range");
                        }
                    }
                    case "SSIM" -> {
                        if (m.has("data_range")) {
                            options.ssimDataRange = dataRange(m);
                        } else {
                            warnings.add(m.pathOf("data_range") + ": not given; SSIM uses " + DEFAULT_SSIM_DATA_RANGE
                                    + " (scikit-image 0.19's range for float images); set it to your data's range");
                        }
                    }
                    case "HD" -> options.hdMethod = m.choice("method", HD_METHODS.get(0), HD_METHODS);
                    case "CD", "Chamfer" -> options.chamfer = new ChamferOptions(
                            m.choice("metric", Metrics.CD_METRICS.get(0), Metrics.CD_METRICS),
                            m.choice("direction", Metrics.CD_DIRECTIONS.get(0), Metrics.CD_DIRECTIONS));
                    case "EMD" -> {
                        Object reg = m.rawValue("reg");
                        if (reg != null && !Boolean.FALSE.equals(reg) && !(reg instanceof Number r && r.doubleValue() == 0)) {
                            throw m.error("reg", "Sinkhorn EMD is not supported yet in flemme4j; leave reg out for the"
                                    + " exact EMD (upstream's default)");
                        }
                    }
                    default -> { }
                }
                m.rejectUnknownKeys();
                names.add(name);
            }
            out.put(group, List.copyOf(names));
        }
        return out;
    }

    private static double dataRange(ConfigNode m) {
        double r = m.number("data_range", 1.0);
        if (!(r > 0)) {
            throw m.error("data_range", "must be positive, got " + r);
        }
        return r;
    }

    /**
     * The metric names the job asks for in {@code group} ({@code seg}, {@code cls}, {@code recon}), or null when it
     * gives none for that group (then the worker reports its default metrics for the task plus the score metric).
     */
    public List<String> metricsOf(String group) {
        return evaluationMetrics.get(group);
    }

    /** Rejects combinations no single section can see. */
    public void validateCrossSection() {
        if (valLoader != null && valSplitRatio > 0) {
            throw new ConfigException("val_split_ratio", "give either val_loader or val_split_ratio, not both");
        }
        if (splitFiles != null && (valLoader != null || valSplitRatio > 0)) {
            throw new ConfigException("split_files", "give only one of val_loader, val_split_ratio and split_files"
                    + " (Flemme would silently ignore all but the first)");
        }
    }
}
