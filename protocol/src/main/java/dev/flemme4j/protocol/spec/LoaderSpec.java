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

    public static LoaderSpec parse(ConfigNode n, boolean training) {
        // Flemme's train script sets mode 'train' on the loader and 'val' on the val_loader unless given.
        String mode = n.string("mode", training ? "train" : "val");
        DatasetSpec dataset = DatasetSpec.parse(n.requireNode("dataset"), mode);
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
        List<String> dataSuffixes = mnist ? List.of() : perPath(n, "data_suffix_list", paths.size(), dataset.dataSuffix());
        String labelKey = recon ? "target" : "label";
        List<String> labelSuffixes = cls ? List.of() : perPath(n, labelKey + "_suffix_list", paths.size(), null);
        if (labelSuffixes == null) {
            labelSuffixes = new ArrayList<>();
            for (String s : dataSuffixes) {
                labelSuffixes.add(dataset.labelSuffix().equals(dataset.dataSuffix()) ? s : dataset.labelSuffix());
            }
        }
        List<TransformSpec> data = transforms(n, "data_transforms");
        List<TransformSpec> label = cls ? null : transforms(n, labelKey + "_transforms");
        List<TransformSpec> classLabel = cls ? transforms(n, "class_label_transforms") : null;
        requireImageTransforms(n, "data_transforms", data);
        requireImageTransforms(n, labelKey + "_transforms", label);
        if (classLabel != null) {
            for (int i = 0; i < classLabel.size(); i++) {
                if (!TransformSpec.CLASS_LABEL.contains(classLabel.get(i).name())) {
                    throw new ConfigException(n.pathOf("class_label_transforms") + "[" + i + "].name", "transform '"
                            + classLabel.get(i).name() + "' does not apply to a class index; class_label_transforms take "
                            + String.join(", ", TransformSpec.CLASS_LABEL));
                }
            }
        }
        int batch = n.integer("batch_size", 1);
        if (batch <= 0) {
            throw n.error("batch_size", "must be positive, got " + batch);
        }
        boolean shuffle = n.bool("shuffle", training);
        boolean dropLast = n.bool("drop_last", false);
        // Host-side loader tuning of PyTorch's DataLoader; Kafka streaming replaces it.
        n.ignore("num_workers", "pin_memory");
        n.rejectUnknownKeys();
        return new LoaderSpec(dataset, List.copyOf(paths), List.copyOf(dataSuffixes), List.copyOf(labelSuffixes),
                data == null ? List.of() : data, label, batch, shuffle, dropLast, classLabel);
    }

    /** ToOneHot and Relabel work on label values, which flemme4j supports only for class indices so far. */
    private static void requireImageTransforms(ConfigNode n, String key, List<TransformSpec> list) {
        if (list == null) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            String name = list.get(i).name();
            if (TransformSpec.CLASS_LABEL.contains(name) && !name.equals("ToTensor")) {
                throw new ConfigException(n.pathOf(key) + "[" + i + "].name", "transform '" + name
                        + "' is supported only in class_label_transforms yet in flemme4j");
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

    private static List<TransformSpec> transforms(ConfigNode n, String key) {
        List<ConfigNode> list = n.nodeList(key);
        if (list == null) {
            return null;
        }
        List<TransformSpec> out = new ArrayList<>();
        for (ConfigNode t : list) {
            out.add(TransformSpec.parse(t));
        }
        return List.copyOf(out);
    }

    /** Label transforms as given, or derived from the data transforms (the shape-changing ones). */
    public List<TransformSpec> effectiveLabelTransforms() {
        if (labelTransforms != null) {
            return labelTransforms;
        }
        return dataTransforms.stream().filter(TransformSpec::appliesToLabels).toList();
    }
}
