package dev.flemme4j.protocol.spec;

import dev.flemme4j.protocol.config.ConfigNode;
import java.util.List;

/**
 * The {@code loader.dataset} section. Defaults are those of Flemme's ImgSegDataset: images under
 * {@code data_path/raw/*.png}, labels under {@code data_path/label/} with the data suffix.
 */
public record DatasetSpec(String name, int dim, String dataPath, String dataDir, String labelDir, String dataSuffix,
        String labelSuffix) {

    public static final List<String> SUPPORTED = List.of("ImgSegDataset");
    private static final List<String> FLEMME_KNOWN_UNSUPPORTED = List.of("ImgDataset", "ImgClsDataset",
            "ImgReconDataset", "MultiModalityImgSegDataset", "PatchImgSegDataset", "MultiModalityPatchImgSegDataset",
            "ImgReconWithClassLabelDataset", "ImgSegWithClassLabelDataset", "MNIST", "CIFAR10", "CelebA",
            "PcdDataset", "PcdClsDataset", "PcdSegDataset", "PcdReconDataset", "PcdReconWithClassLabelDataset",
            "PointDataset", "ToyDataset", "GraphDataset", "GraphShapeNet");

    public static DatasetSpec parse(ConfigNode n) {
        // Flemme falls back to ImgSegDataset when the name is missing; so do we.
        String name = n.string("name", "ImgSegDataset");
        if (FLEMME_KNOWN_UNSUPPORTED.contains(name)) {
            throw n.error("name", "dataset '" + name + "' is not supported yet in flemme4j; supported: "
                    + String.join(", ", SUPPORTED));
        }
        if (!SUPPORTED.contains(name)) {
            throw n.error("name", "unknown dataset '" + name + "'" + ConfigNode.suggestion(name, SUPPORTED)
                    + "; supported: " + String.join(", ", SUPPORTED));
        }
        int dim = n.integer("dim", 2);
        if (dim != 2) {
            throw n.error("dim", "only 2D image datasets are supported yet, got dim " + dim);
        }
        String dataPath = n.string("data_path", null);
        String dataDir = n.string("data_dir", "raw");
        String labelDir = n.string("label_dir", "label");
        String dataSuffix = n.string("data_suffix", ".png");
        String labelSuffix = n.string("label_suffix", null);
        if (n.has("crop_nonzero")) {
            throw n.error("crop_nonzero", "is only meaningful for 3D images, which are not supported yet");
        }
        n.ignore("mode");
        n.rejectUnknownKeys();
        return new DatasetSpec(name, dim, dataPath, dataDir, labelDir, dataSuffix,
                labelSuffix == null ? dataSuffix : labelSuffix);
    }
}
