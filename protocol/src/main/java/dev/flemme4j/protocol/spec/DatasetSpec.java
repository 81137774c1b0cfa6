package dev.flemme4j.protocol.spec;

import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.transform.Transform;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code loader.dataset} section, with the defaults of the Flemme dataset it names (its keys are declared in
 * {@link Datasets}):
 * <ul>
 *   <li>{@code ImgSegDataset}: images under {@code data_path/data_dir(raw)/*<data_suffix>}, labels under
 *       {@code data_path/label_dir(label)/} with the label suffix (default: the data suffix).</li>
 *   <li>{@code ImgReconDataset}: images under {@code data_dir(raw)}, targets under {@code target_dir(target)} with
 *       {@code target_suffix} (default: the data suffix).</li>
 *   <li>{@code ImgClsDataset}: {@code cls_label} maps class folder → class index; images are
 *       {@code data_path/<class folder>/data_dir('')/*<data_suffix>}, in {@code cls_label} order.</li>
 *   <li>{@code MNIST}: the original IDX files ({@code train-images-idx3-ubyte} etc., gzipped or not) under
 *       {@code data_path} (or torchvision's {@code data_path/MNIST/raw}); {@code mode: train} reads the training
 *       set, any other mode the test set, as torchvision's {@code train=(mode == 'train')}.</li>
 *   <li>{@code MultiModalityImgSegDataset}: one sub-folder per modality ({@code data_dir: [flair, t1, ...]}, default
 *       {@code raw}), matched by file name to the first; {@code data_suffix} one suffix or one per modality;
 *       {@code label_suffix} defaults to a single data suffix (and is required with a list, as upstream fails without
 *       it); {@code data_combine} {@code mean} (Flemme's default), {@code sum}, or {@code cat} (modalities stacked as
 *       channels). Flemme implements it for {@code dim: 3} only (2D raises NotImplementedError there); flemme4j also
 *       reads 2D PNG/JPEG modalities the same way.</li>
 *   <li>Point clouds (upstream's {@code data_form: PCD}; no {@code dim}, {@link #dim()} is the point-cloud
 *       vocabulary {@code Transform.PCD}): {@code PcdDataset} ({@code data_path/data_dir('')/*<data_suffix(.ply)>}),
 *       {@code PcdClsDataset} (class folders as ImgClsDataset), {@code PcdSegDataset} ({@code pcd/} clouds,
 *       {@code label/*.seg} per-point labels) and {@code PcdReconDataset} ({@code pcd/} clouds, {@code target/*.ply}
 *       targets); files {@code .ply}, {@code .xyz}, {@code .pts}, {@code .npy}.</li>
 * </ul>
 * With {@code dim: 3} the files are NIfTI-1 volumes ({@code .nii}, {@code .nii.gz}), read as Flemme's
 * {@code load_itk}: {@code (D, H, W)} = {@code (dim[3], dim[2], dim[1])}. Flemme's default {@code data_suffix} is
 * {@code .png} whatever the dim, so 3D configs must name the NIfTI suffix; a mismatch is an error here.
 *
 * @param labelDir    ImgSegDataset's label folder, ImgReconDataset's target folder; null otherwise
 * @param labelSuffix ImgSegDataset's label suffix, ImgReconDataset's target suffix
 * @param clsLabel    ImgClsDataset's class folder → index, in the YAML's order; empty otherwise
 * @param mode        the dataset's {@code mode} (the loader's, as Flemme copies it); decides MNIST's split
 * @param modalities  MultiModalityImgSegDataset's modality folders; null for the other datasets ({@code dataDir} and
 *                    {@code dataSuffix} are then its first modality's)
 */
public record DatasetSpec(String name, int dim, String dataPath, String dataDir, String labelDir, String dataSuffix,
        String labelSuffix, Map<String, Integer> clsLabel, String mode, Modalities modalities) {

    /**
     * The modality folders of a MultiModalityImgSegDataset.
     *
     * @param combine {@code mean}, {@code sum} or {@code cat}
     */
    public record Modalities(List<String> dirs, List<String> suffixes, String combine) {
        public Modalities {
            dirs = List.copyOf(dirs);
            suffixes = List.copyOf(suffixes);
        }
    }

    public static final List<String> COMBINE = List.of("mean", "sum", "cat");

    public static final String SEG = "ImgSegDataset";
    public static final String CLS = "ImgClsDataset";
    public static final String RECON = "ImgReconDataset";
    public static final String MNIST = "MNIST";
    public static final String MULTI = "MultiModalityImgSegDataset";
    public static final String PCD = "PcdDataset";
    public static final String PCD_CLS = "PcdClsDataset";
    public static final String PCD_SEG = "PcdSegDataset";
    public static final String PCD_RECON = "PcdReconDataset";
    /** Samples a user's producer writes to a topic; {@link #dataPath()} holds the topic name (see {@link #streamTopic}). */
    public static final String STREAM = "KafkaStream";
    private static final List<String> POINT_CLOUDS = List.of(PCD, PCD_CLS, PCD_SEG, PCD_RECON);
    /** The file suffixes upstream's {@code load_pcd} reads. */
    public static final List<String> POINT_SUFFIXES = List.of(".ply", ".xyz", ".pts", ".npy");
    public DatasetSpec {
        clsLabel = clsLabel == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(clsLabel));
    }

    /** ImgSegDataset's form (kept for callers that predate the other kinds). */
    public DatasetSpec(String name, int dim, String dataPath, String dataDir, String labelDir, String dataSuffix,
            String labelSuffix) {
        this(name, dim, dataPath, dataDir, labelDir, dataSuffix, labelSuffix, Map.of(), "train", null);
    }

    public DatasetSpec(String name, int dim, String dataPath, String dataDir, String labelDir, String dataSuffix,
            String labelSuffix, Map<String, Integer> clsLabel, String mode) {
        this(name, dim, dataPath, dataDir, labelDir, dataSuffix, labelSuffix, clsLabel, mode, null);
    }

    public static DatasetSpec parse(ConfigNode n) {
        return parse(n, "train");
    }

    /** @param loaderMode the loader's {@code mode}, which Flemme copies into the dataset config */
    public static DatasetSpec parse(ConfigNode n, String loaderMode) {
        // Flemme falls back to ImgSegDataset when the name is missing; so do we.
        String name = n.dispatchName("name", SEG);
        n = Datasets.KIND.resolve(n, "name", name).bind(n);
        // Flemme overwrites the dataset's mode with the loader's (train for loader, val for val_loader by default).
        n.ignore("mode");
        String mode = loaderMode;
        if (name.equals(STREAM)) {
            String topic = StreamTopicName.check(n, "topic");
            n.rejectUnknownKeys();
            return new DatasetSpec(name, 2, topic, null, null, null, null, Map.of(), mode);
        }
        String dataPath = n.string("data_path", null);
        if (name.equals(MNIST)) {
            n.ignore("dim");
            n.rejectUnknownKeys();
            return new DatasetSpec(name, 2, dataPath, null, null, null, null, Map.of(), mode);
        }
        if (POINT_CLOUDS.contains(name)) {
            DatasetSpec points = pointCloud(n, name, dataPath, mode);
            n.rejectUnknownKeys();
            return points;
        }
        int dim = n.integer("dim", 2);
        if (dim != 2 && dim != 3) {
            throw n.error("dim", "must be 2 (PNG/JPEG images) or 3 (NIfTI volumes), got " + dim);
        }
        if (n.has("crop_nonzero")) {
            throw n.error("crop_nonzero", dim == 3 ? "is not supported yet in flemme4j"
                    : "is only meaningful for 3D images (dim: 3) in Flemme");
        }
        if (name.equals(MULTI)) {
            DatasetSpec multi = multiModality(n, dim, dataPath, mode);
            n.rejectUnknownKeys();
            return multi;
        }
        String dataSuffix = n.string("data_suffix", ".png");
        requireFileKind(n, "data_suffix", dataSuffix, dim);
        DatasetSpec spec = switch (name) {
            case CLS -> {
                if (n.has("pre_shuffle") && n.bool("pre_shuffle", false)) {
                    throw n.error("pre_shuffle", "is not supported yet in flemme4j (the loader's shuffle is)");
                }
                n.ignore("pre_shuffle");
                yield new DatasetSpec(name, dim, dataPath, n.string("data_dir", ""), null, dataSuffix, null,
                        clsLabel(n, name), mode);
            }
            case RECON -> {
                String targetSuffix = n.string("target_suffix", null);
                requireFileKind(n, "target_suffix", targetSuffix, dim);
                yield new DatasetSpec(name, dim, dataPath, n.string("data_dir", "raw"), n.string("target_dir", "target"),
                        dataSuffix, targetSuffix == null ? dataSuffix : targetSuffix, Map.of(), mode);
            }
            default -> {
                String labelSuffix = n.string("label_suffix", null);
                requireFileKind(n, "label_suffix", labelSuffix, dim);
                yield new DatasetSpec(name, dim, dataPath, n.string("data_dir", "raw"), n.string("label_dir", "label"),
                        dataSuffix, labelSuffix == null ? dataSuffix : labelSuffix, Map.of(), mode);
            }
        };
        n.rejectUnknownKeys();
        return spec;
    }

    /**
     * Upstream's PCD datasets ({@code dim} is the point-cloud vocabulary {@link Transform#PCD}): PcdDataset
     * {@code data_dir('')}, PcdClsDataset class folders, PcdSegDataset {@code pcd}/{@code label} with {@code .seg}
     * labels, PcdReconDataset {@code pcd}/{@code target}.
     */
    private static DatasetSpec pointCloud(ConfigNode n, String name, String dataPath, String mode) {
        String dataSuffix = n.string("data_suffix", ".ply");
        requirePointFile(n, "data_suffix", dataSuffix);
        int dim = Transform.PCD;
        return switch (name) {
            case PCD_CLS -> {
                if (n.bool("pre_shuffle", false)) {
                    throw n.error("pre_shuffle", "is not supported yet in flemme4j (the loader's shuffle is)");
                }
                yield new DatasetSpec(name, dim, dataPath, n.string("data_dir", ""), null, dataSuffix, null, clsLabel(n, name),
                        mode);
            }
            case PCD_SEG -> new DatasetSpec(name, dim, dataPath, n.string("data_dir", "pcd"), n.string("label_dir", "label"),
                    dataSuffix, n.string("label_suffix", ".seg"), Map.of(), mode);
            case PCD_RECON -> {
                String targetSuffix = n.string("target_suffix", ".ply");
                requirePointFile(n, "target_suffix", targetSuffix);
                yield new DatasetSpec(name, dim, dataPath, n.string("data_dir", "pcd"), n.string("target_dir", "target"),
                        dataSuffix, targetSuffix, Map.of(), mode);
            }
            default -> new DatasetSpec(name, dim, dataPath, n.string("data_dir", ""), null, dataSuffix, null, Map.of(),
                    mode);
        };
    }

    private static void requirePointFile(ConfigNode n, String key, String suffix) {
        String lower = suffix.toLowerCase(java.util.Locale.ROOT);
        if (POINT_SUFFIXES.stream().noneMatch(lower::endsWith)) {
            throw n.error(key, "is '" + suffix + "' but point clouds are read from " + String.join(", ", POINT_SUFFIXES)
                    + " files");
        }
    }

    /** A 3D dataset reads NIfTI volumes, a 2D one images; a suffix of the other kind is a config mistake. */
    private static void requireFileKind(ConfigNode n, String key, String suffix, int dim) {
        if (suffix == null) {
            return;
        }
        boolean nifti = suffix.endsWith(".nii") || suffix.endsWith(".nii.gz");
        if (dim == 3 && !nifti) {
            throw n.error(key, "is '" + suffix + "' but dim: 3 datasets are read as NIfTI volumes in flemme4j: use .nii or"
                    + " .nii.gz (mhd, nrrd and npy are not supported yet)" + (n.has(key) ? "" : "; Flemme's default is .png"));
        }
        if (dim == 2 && nifti) {
            throw n.error(key, "is '" + suffix + "', a NIfTI volume: set dim: 3 for volumes");
        }
    }

    /** MultiModalityImgSegDataset's keys: see the class comment. */
    private static DatasetSpec multiModality(ConfigNode n, int dim, String dataPath, String mode) {
        List<String> dirs = n.stringList("data_dir", List.of("raw"));
        if (dirs.isEmpty() || dirs.stream().anyMatch(java.util.Objects::isNull)) {
            throw n.error("data_dir", "must name at least one modality folder, got " + dirs);
        }
        boolean suffixList = n.rawValue("data_suffix") instanceof List;
        List<String> suffixes = n.stringList("data_suffix", List.of(".png"));
        if (suffixList && suffixes.size() != dirs.size()) {
            throw n.error("data_suffix", "has " + suffixes.size() + " suffixes for " + dirs.size()
                    + " modality folders (data_dir); give one suffix, or one per folder");
        }
        if (!suffixList) {
            suffixes = java.util.Collections.nCopies(dirs.size(), suffixes.get(0));
        }
        for (int i = 0; i < suffixes.size(); i++) {
            requireFileKind(n, suffixList ? "data_suffix[" + i + "]" : "data_suffix", suffixes.get(i), dim);
        }
        List<String> labelDirs = n.stringList("label_dir", List.of("label"));
        if (labelDirs.size() != 1 || labelDirs.get(0) == null) {
            throw n.error("label_dir", "must name one label folder; several label folders (label_combine) are not"
                    + " supported yet in flemme4j, got " + labelDirs);
        }
        String labelSuffix = n.string("label_suffix", null);
        if (labelSuffix == null && suffixList) {
            throw n.error("label_suffix", "is required when data_suffix is a list (Flemme fails without it)");
        }
        labelSuffix = labelSuffix == null ? suffixes.get(0) : labelSuffix;
        requireFileKind(n, "label_suffix", labelSuffix, dim);
        String combine = combineChoice(n, "data_combine", "mean", dirs.size());
        // with a single label folder Flemme never combines labels; the value is still checked
        combineChoice(n, "label_combine", null, 1);
        return new DatasetSpec(MULTI, dim, dataPath, dirs.get(0), labelDirs.get(0), suffixes.get(0), labelSuffix, Map.of(),
                mode, new Modalities(dirs, suffixes, combine));
    }

    private static String combineChoice(ConfigNode n, String key, String dflt, int folders) {
        boolean explicitNull = n.keys().contains(key) && !n.has(key);
        n.ignore(key);
        if (explicitNull) {
            if (folders > 1) {
                throw n.error(key, "null would hand Flemme's transforms a list of " + folders + " images, which they cannot"
                        + " take; use one of " + String.join(", ", COMBINE));
            }
            return "cat";
        }
        String v = n.choice(key, dflt, COMBINE);
        return v == null ? "cat" : v;
    }

    private static Map<String, Integer> clsLabel(ConfigNode n, String name) {
        Object raw = n.rawValue("cls_label");
        if (raw == null) {
            throw n.error("cls_label", "is required for " + name + ": a mapping from class folder to class index");
        }
        if (raw instanceof String s) {
            throw n.error("cls_label", "named label dictionaries ('" + s + "') are not supported yet in flemme4j;"
                    + " give a mapping from class folder to class index");
        }
        if (!(raw instanceof Map<?, ?> m) || m.isEmpty()) {
            throw n.error("cls_label", "must be a non-empty mapping from class folder to class index");
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (!(e.getValue() instanceof Number v) || v.doubleValue() != Math.rint(v.doubleValue())) {
                throw n.error("cls_label." + key, "must be an integer class index, got " + e.getValue());
            }
            out.put(key, v.intValue());
        }
        return out;
    }

    /** ImgSegDataset or MultiModalityImgSegDataset: images with label maps. */
    public boolean isSegmentation() {
        return name.equals(SEG) || name.equals(MULTI) || name.equals(PCD_SEG);
    }

    /** A point-cloud dataset (upstream's data_form PCD): samples are {@code (N, C)} rows, channels last. */
    public boolean isPointCloud() {
        return POINT_CLOUDS.contains(name);
    }

    /** PcdDataset: a folder of clouds, no label. */
    public boolean isUnlabelled() {
        return name.equals(PCD);
    }

    /** A KafkaStream: no files, no epochs; the worker trains on the topic's records as they arrive. */
    public boolean isStream() {
        return name.equals(STREAM);
    }

    /** The KafkaStream's topic (kept in the {@code dataPath} slot: a stream has no folder); null for other datasets. */
    public String streamTopic() {
        return isStream() ? dataPath : null;
    }

    public boolean isMultiModality() {
        return modalities != null;
    }

    public boolean isClassification() {
        return name.equals(CLS) || name.equals(MNIST) || name.equals(PCD_CLS);
    }

    public boolean isReconstruction() {
        return name.equals(RECON) || name.equals(PCD_RECON);
    }
}
