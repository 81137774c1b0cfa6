package dev.flemme4j.protocol.spec;

import dev.flemme4j.protocol.config.ConfigNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code loader.dataset} section, with the defaults of the Flemme dataset it names:
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
 * </ul>
 *
 * @param labelDir    ImgSegDataset's label folder, ImgReconDataset's target folder; null otherwise
 * @param labelSuffix ImgSegDataset's label suffix, ImgReconDataset's target suffix
 * @param clsLabel    ImgClsDataset's class folder → index, in the YAML's order; empty otherwise
 * @param mode        the dataset's {@code mode} (the loader's, as Flemme copies it); decides MNIST's split
 */
public record DatasetSpec(String name, int dim, String dataPath, String dataDir, String labelDir, String dataSuffix,
        String labelSuffix, Map<String, Integer> clsLabel, String mode) {

    public static final String SEG = "ImgSegDataset";
    public static final String CLS = "ImgClsDataset";
    public static final String RECON = "ImgReconDataset";
    public static final String MNIST = "MNIST";
    public static final List<String> SUPPORTED = List.of(SEG, CLS, RECON, MNIST);
    private static final List<String> FLEMME_KNOWN_UNSUPPORTED = List.of("ImgDataset",
            "MultiModalityImgSegDataset", "PatchImgSegDataset", "MultiModalityPatchImgSegDataset",
            "ImgReconWithClassLabelDataset", "ImgSegWithClassLabelDataset", "CIFAR10", "CelebA",
            "PcdDataset", "PcdClsDataset", "PcdSegDataset", "PcdReconDataset", "PcdReconWithClassLabelDataset",
            "PointDataset", "ToyDataset", "GraphDataset", "GraphShapeNet");

    public DatasetSpec {
        clsLabel = clsLabel == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(clsLabel));
    }

    /** ImgSegDataset's form (kept for callers that predate the other kinds). */
    public DatasetSpec(String name, int dim, String dataPath, String dataDir, String labelDir, String dataSuffix,
            String labelSuffix) {
        this(name, dim, dataPath, dataDir, labelDir, dataSuffix, labelSuffix, Map.of(), "train");
    }

    public static DatasetSpec parse(ConfigNode n) {
        return parse(n, "train");
    }

    /** @param loaderMode the loader's {@code mode}, which Flemme copies into the dataset config */
    public static DatasetSpec parse(ConfigNode n, String loaderMode) {
        // Flemme falls back to ImgSegDataset when the name is missing; so do we.
        String name = n.string("name", SEG);
        if (FLEMME_KNOWN_UNSUPPORTED.contains(name)) {
            throw n.error("name", "dataset '" + name + "' is not supported yet in flemme4j; supported: "
                    + String.join(", ", SUPPORTED));
        }
        if (!SUPPORTED.contains(name)) {
            throw n.error("name", "unknown dataset '" + name + "'" + ConfigNode.suggestion(name, SUPPORTED)
                    + "; supported: " + String.join(", ", SUPPORTED));
        }
        // Flemme overwrites the dataset's mode with the loader's (train for loader, val for val_loader by default).
        n.ignore("mode");
        String mode = loaderMode;
        String dataPath = n.string("data_path", null);
        if (name.equals(MNIST)) {
            n.ignore("dim");
            n.rejectUnknownKeys();
            return new DatasetSpec(name, 2, dataPath, null, null, null, null, Map.of(), mode);
        }
        int dim = n.integer("dim", 2);
        if (dim != 2) {
            throw n.error("dim", "only 2D image datasets are supported yet, got dim " + dim);
        }
        if (n.has("crop_nonzero")) {
            throw n.error("crop_nonzero", "is only meaningful for 3D images, which are not supported yet");
        }
        String dataSuffix = n.string("data_suffix", ".png");
        DatasetSpec spec = switch (name) {
            case CLS -> {
                if (n.has("pre_shuffle") && n.bool("pre_shuffle", false)) {
                    throw n.error("pre_shuffle", "is not supported yet in flemme4j (the loader's shuffle is)");
                }
                n.ignore("pre_shuffle");
                yield new DatasetSpec(name, dim, dataPath, n.string("data_dir", ""), null, dataSuffix, null,
                        clsLabel(n), mode);
            }
            case RECON -> {
                String targetSuffix = n.string("target_suffix", null);
                yield new DatasetSpec(name, dim, dataPath, n.string("data_dir", "raw"), n.string("target_dir", "target"),
                        dataSuffix, targetSuffix == null ? dataSuffix : targetSuffix, Map.of(), mode);
            }
            default -> {
                String labelSuffix = n.string("label_suffix", null);
                yield new DatasetSpec(name, dim, dataPath, n.string("data_dir", "raw"), n.string("label_dir", "label"),
                        dataSuffix, labelSuffix == null ? dataSuffix : labelSuffix, Map.of(), mode);
            }
        };
        n.rejectUnknownKeys();
        return spec;
    }

    private static Map<String, Integer> clsLabel(ConfigNode n) {
        Object raw = n.rawValue("cls_label");
        if (raw == null) {
            throw n.error("cls_label", "is required for ImgClsDataset: a mapping from class folder to class index");
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

    public boolean isSegmentation() {
        return name.equals(SEG);
    }

    public boolean isClassification() {
        return name.equals(CLS) || name.equals(MNIST);
    }

    public boolean isReconstruction() {
        return name.equals(RECON);
    }
}
