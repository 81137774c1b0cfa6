package dev.flemme4j.protocol.spec;

import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.config.ConfigNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code loader} / {@code val_loader} section. The dataset folders are resolved by whoever reads them (the
 * coordinator), relative to its data root.
 *
 * @param dataPaths       one entry per folder ({@code data_path_list}, or the dataset's {@code data_path})
 * @param labelSuffixes   label suffixes (ImgSegDataset) or target suffixes (ImgReconDataset, {@code target_suffix_list});
 *                        unused by the classification datasets
 * @param labelTransforms null when not given: derived from the data transforms as Flemme does. For ImgReconDataset
 *                        these are the {@code target_transforms}.
 * @param classLabelTransforms {@code class_label_transforms} (ImgClsDataset, MNIST): applied to the class index
 */
public record LoaderSpec(DatasetSpec dataset, List<String> dataPaths, List<String> dataSuffixes,
        List<String> labelSuffixes, List<TransformSpec> dataTransforms, List<TransformSpec> labelTransforms,
        int batchSize, boolean shuffle, boolean dropLast, List<TransformSpec> classLabelTransforms) {

    public LoaderSpec {
        classLabelTransforms = classLabelTransforms == null ? List.of() : List.copyOf(classLabelTransforms);
    }

    public LoaderSpec(DatasetSpec dataset, List<String> dataPaths, List<String> dataSuffixes, List<String> labelSuffixes,
            List<TransformSpec> dataTransforms, List<TransformSpec> labelTransforms, int batchSize, boolean shuffle,
            boolean dropLast) {
        this(dataset, dataPaths, dataSuffixes, labelSuffixes, dataTransforms, labelTransforms, batchSize, shuffle,
                dropLast, List.of());
    }

    public static LoaderSpec parse(ConfigNode raw, boolean training) {
        ConfigNode n = LoaderKeys.LOADER.bind(raw);
        // Flemme's train script sets mode 'train' on the loader and 'val' on the val_loader unless given.
        String mode = n.string("mode", training ? "train" : "val");
        DatasetSpec dataset = DatasetSpec.parse(n.requireNode("dataset"), mode);
        if (dataset.isStream()) {
            return stream(n, dataset, training);
        }
        List<String> paths = n.stringList("data_path_list", null);
        if (paths != null && paths.isEmpty()) {
            throw n.error("data_path_list", "must name at least one folder");
        }
        if (paths == null) {
            if (dataset.dataPath() == null) {
                throw n.error("dataset.data_path", "is required (or give loader.data_path_list)");
            }
            paths = List.of(dataset.dataPath());
        }
        boolean cls = dataset.isClassification();
        boolean recon = dataset.isReconstruction();
        boolean mnist = dataset.name().equals(DatasetSpec.MNIST);
        if (dataset.isMultiModality() && n.has("data_suffix_list")) {
            throw n.error("data_suffix_list", "is not supported yet with " + DatasetSpec.MULTI
                    + "; give the modalities' suffixes in dataset.data_suffix");
        }
        List<String> dataSuffixes = mnist ? List.of() : perPath(n, "data_suffix_list", paths.size(), dataset.dataSuffix());
        String labelKey = recon ? "target" : "label";
        boolean unlabelled = cls || dataset.isUnlabelled();
        List<String> labelSuffixes = unlabelled ? List.of() : perPath(n, labelKey + "_suffix_list", paths.size(), null);
        if (labelSuffixes == null) {
            labelSuffixes = new ArrayList<>();
            for (String s : dataSuffixes) {
                labelSuffixes.add(dataset.labelSuffix().equals(dataset.dataSuffix()) ? s : dataset.labelSuffix());
            }
        }
        int dim = dataset.dim();
        List<TransformSpec> data = transforms(n, "data_transforms", dim);
        List<TransformSpec> label = unlabelled ? null : transforms(n, labelKey + "_transforms", dim);
        List<TransformSpec> classLabel = cls ? transforms(n, "class_label_transforms", dim) : null;
        if (classLabel != null) {
            for (int i = 0; i < classLabel.size(); i++) {
                TransformSpec t = classLabel.get(i);
                t.transform().checkClassIndex(t, n.pathOf("class_label_transforms") + "[" + i + "]");
            }
        }
        if (data != null && label != null) {
            requireSameRandomOrder(n, data, label, labelKey + "_transforms");
            if (!recon) {
                requireSameGeometry(n, data, label, labelKey + "_transforms");
            }
        }
        if (!training) {
            rejectRandom(n, "data_transforms", data);
            rejectRandom(n, labelKey + "_transforms", label);
        }
        int batch = n.integer("batch_size", 1);
        if (batch <= 0) {
            throw n.error("batch_size", "must be positive, got " + batch);
        }
        boolean shuffle = n.bool("shuffle", training);
        boolean dropLast = n.bool("drop_last", false);
        n.refuseUnread("does not apply to a " + dataset.name() + " loader (its data has " + (unlabelled ? "no label maps"
                : labelKey + "s") + (cls ? " and class labels" : "") + ")", "label_transforms", "target_transforms",
                "label_suffix_list", "target_suffix_list", "class_label_transforms", "data_suffix_list");
        n.rejectUnknownKeys();
        return new LoaderSpec(dataset, List.copyOf(paths), List.copyOf(dataSuffixes), List.copyOf(labelSuffixes),
                data == null ? List.of() : data, label, batch, shuffle, dropLast, classLabel);
    }

    /**
     * Flemme restores the random state between data and label transforms, so the k-th random transform of each list
     * gets the same draws; it refuses lists whose random transforms differ in order ({@code check_random_transforms}).
     */
    private static void requireSameRandomOrder(ConfigNode n, List<TransformSpec> data, List<TransformSpec> label, String key) {
        List<String> d = data.stream().filter(TransformSpec::isRandom).map(TransformSpec::name).toList();
        List<String> l = label.stream().filter(TransformSpec::isRandom).map(TransformSpec::name).toList();
        for (int i = 0; i < Math.min(d.size(), l.size()); i++) {
            if (!d.get(i).equals(l.get(i))) {
                throw n.error(key, "random transforms must come in the same order as in data_transforms so that image and"
                        + " label get the same draws; data: " + d + ", " + key + ": " + l);
            }
        }
        if (l.size() > d.size()) {
            throw n.error(key, "has random transforms " + l + " beyond data_transforms' " + d
                    + "; the label would be moved where its image is not");
        }
    }

    /** Flemme's {@code check_consistent_transforms}: labels must be moved and resized exactly like their images. */
    private static void requireSameGeometry(ConfigNode n, List<TransformSpec> data, List<TransformSpec> label, String key) {
        List<String> d = data.stream().filter(TransformSpec::appliesToLabels).map(TransformSpec::name).toList();
        List<String> l = label.stream().filter(TransformSpec::appliesToLabels).map(TransformSpec::name).toList();
        if (!d.equals(l)) {
            throw n.error(key, "transforms that change shape or pixel positions must match data_transforms; data: " + d
                    + ", " + key + ": " + l);
        }
    }

    /**
     * Random augmentation is a training matter. flemme4j ingests a validation set once, and a random draw there would
     * make validation scores depend on it, so a val_loader may not ask for one.
     */
    private static void rejectRandom(ConfigNode n, String key, List<TransformSpec> list) {
        if (list == null) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).isRandom() && !list.get(i).transform().runsWithoutDraws()) {
                throw new ConfigException(n.pathOf(key) + "[" + i + "].name", "random transform '" + list.get(i).name()
                        + "' applies to the training loader only in flemme4j; remove it from the validation loader");
            }
        }
    }

    /** YAML key of the second tensor's transforms: {@code label_transforms}, or {@code target_transforms}. */
    public String labelTransformsKey() {
        return dataset.isReconstruction() ? "target_transforms" : "label_transforms";
    }

    private static List<String> perPath(ConfigNode n, String key, int count, String dflt) {
        List<String> v = n.stringList(key, null);
        if (v == null) {
            if (dflt == null) {
                return null;
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                out.add(dflt);
            }
            return out;
        }
        if (v.size() != count) {
            throw n.error(key, "must have one entry per data path (" + count + "), got " + v.size());
        }
        return v;
    }

    private static List<TransformSpec> transforms(ConfigNode n, String key, int dim) {
        List<ConfigNode> list = n.nodeList(key);
        if (list == null) {
            return null;
        }
        List<TransformSpec> out = new ArrayList<>();
        for (ConfigNode t : list) {
            out.add(TransformSpec.parse(t, dim));
        }
        return List.copyOf(out);
    }

    /**
     * A KafkaStream loader: records are tensors already, so the file keys (transforms, suffixes, path lists) are
     * refused by name; {@code shuffle} defaults off (a stream is trained in the order it arrives).
     */
    private static LoaderSpec stream(ConfigNode n, DatasetSpec dataset, boolean training) {
        if (!training) {
            throw n.error("dataset.name", "KafkaStream is a training source only; a stream job has no val_loader yet");
        }
        int batch = n.integer("batch_size", 1);
        if (batch <= 0) {
            throw n.error("batch_size", "must be positive, got " + batch);
        }
        boolean shuffle = n.bool("shuffle", false);
        boolean dropLast = n.bool("drop_last", false);
        n.refuseUnread("does not apply to a KafkaStream loader: its records are tensors already (have the producer"
                + " write the transformed tensors)", "data_transforms", "label_transforms", "target_transforms",
                "class_label_transforms", "data_path_list", "data_suffix_list", "label_suffix_list", "target_suffix_list");
        n.rejectUnknownKeys();
        return new LoaderSpec(dataset, List.of(), List.of(), List.of(), List.of(), null, batch, shuffle, dropLast,
                List.of());
    }

    /** Label transforms as given, or derived from the data transforms (the shape-changing ones). */
    public List<TransformSpec> effectiveLabelTransforms() {
        if (labelTransforms != null) {
            return labelTransforms;
        }
        return dataTransforms.stream().filter(TransformSpec::appliesToLabels).toList();
    }
}
