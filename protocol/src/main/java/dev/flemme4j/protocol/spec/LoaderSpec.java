package dev.flemme4j.protocol.spec;

import dev.flemme4j.protocol.config.ConfigNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code loader} / {@code val_loader} section. The dataset folders are resolved by whoever reads them (the
 * coordinator), relative to its data root.
 *
 * @param dataPaths       one entry per folder ({@code data_path_list}, or the dataset's {@code data_path})
 * @param labelTransforms null when not given: derived from the data transforms as Flemme does
 */
public record LoaderSpec(DatasetSpec dataset, List<String> dataPaths, List<String> dataSuffixes,
        List<String> labelSuffixes, List<TransformSpec> dataTransforms, List<TransformSpec> labelTransforms,
        int batchSize, boolean shuffle, boolean dropLast) {

    public static LoaderSpec parse(ConfigNode n, boolean training) {
        DatasetSpec dataset = DatasetSpec.parse(n.requireNode("dataset"));
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
        List<String> dataSuffixes = perPath(n, "data_suffix_list", paths.size(), dataset.dataSuffix());
        List<String> labelSuffixes = perPath(n, "label_suffix_list", paths.size(), null);
        if (labelSuffixes == null) {
            labelSuffixes = new ArrayList<>();
            for (String s : dataSuffixes) {
                labelSuffixes.add(dataset.labelSuffix().equals(dataset.dataSuffix()) ? s : dataset.labelSuffix());
            }
        }
        List<TransformSpec> data = transforms(n, "data_transforms");
        List<TransformSpec> label = transforms(n, "label_transforms");
        int batch = n.integer("batch_size", 1);
        if (batch <= 0) {
            throw n.error("batch_size", "must be positive, got " + batch);
        }
        boolean shuffle = n.bool("shuffle", training);
        boolean dropLast = n.bool("drop_last", false);
        // Host-side loader tuning of PyTorch's DataLoader; Kafka streaming replaces it.
        n.ignore("num_workers", "pin_memory", "mode");
        n.rejectUnknownKeys();
        return new LoaderSpec(dataset, List.copyOf(paths), List.copyOf(dataSuffixes), List.copyOf(labelSuffixes),
                data == null ? List.of() : data, label, batch, shuffle, dropLast);
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
