package dev.flemme4j.protocol.spec;

import static dev.flemme4j.protocol.registry.KeyType.ANY;
import static dev.flemme4j.protocol.registry.KeyType.BOOL;
import static dev.flemme4j.protocol.registry.KeyType.INT;
import static dev.flemme4j.protocol.registry.KeyType.MAPPING;
import static dev.flemme4j.protocol.registry.KeyType.NAME;
import static dev.flemme4j.protocol.registry.KeyType.STRING;

import dev.flemme4j.protocol.registry.ComponentKind;
import dev.flemme4j.protocol.registry.Declared;
import dev.flemme4j.protocol.registry.Key;
import dev.flemme4j.protocol.registry.KeySet;

/**
 * The registry of {@code loader.dataset.name} / {@code val_loader.dataset.name}: Flemme's datasets flemme4j reads,
 * with their keys and defaults; {@link DatasetSpec#parse} reads a section bound to them.
 */
public final class Datasets {
    private static final Key NAME_KEY = Key.of("name", NAME, DatasetSpec.SEG, "the dataset (Flemme's default: ImgSegDataset)");
    private static final Key DATA_PATH = Key.of("data_path", STRING, null,
            "root folder, relative to the coordinator's data root (or loader.data_path_list)");
    private static final Key MODE = Key.of("mode", STRING, "train", "overwritten by the loader's mode, as Flemme does");
    private static final Key DIM = Key.of("dim", INT, "2", "2: PNG/JPEG images, 3: NIfTI volumes");
    private static final Key CROP = Key.of("crop_nonzero", BOOL, null, "not supported yet (3D only in Flemme)");
    private static final Key DATA_SUFFIX = Key.of("data_suffix", STRING, ".png", "image file suffix (.nii/.nii.gz for dim 3)");
    private static final KeySet COMMON = KeySet.of(NAME_KEY, DATA_PATH, MODE, DIM, CROP, DATA_SUFFIX);
    /** Point-cloud datasets (upstream's data_form PCD) have no dim and read .ply by default. */
    private static final KeySet POINTS = KeySet.of(NAME_KEY, DATA_PATH, MODE,
            Key.of("data_suffix", STRING, ".ply", "point-cloud file suffix: .ply, .xyz, .pts or .npy"));

    public static final ComponentKind<Declared> KIND = new ComponentKind<Declared>("loader.dataset", "dataset",
            "datasets (loader.dataset.name, val_loader.dataset.name)")
            .register(Declared.of(DatasetSpec.SEG, "images under data_dir with label maps under label_dir", COMMON.plus(
                    Key.of("data_dir", STRING, "raw", "image folder under data_path"),
                    Key.of("label_dir", STRING, "label", "label folder under data_path"),
                    Key.of("label_suffix", STRING, null, "label file suffix; default: data_suffix"))))
            .register(Declared.of(DatasetSpec.CLS, "class folders under data_path, one class index each", COMMON.plus(
                    Key.of("data_dir", STRING, "''", "image folder under each class folder (none: the class folder itself)"),
                    Key.required("cls_label", MAPPING, "class folder -> class index, in class order"),
                    Key.of("pre_shuffle", BOOL, "false", "true is not supported yet (the loader's shuffle is)"))))
            .register(Declared.of(DatasetSpec.RECON, "images under data_dir with targets under target_dir", COMMON.plus(
                    Key.of("data_dir", STRING, "raw", "image folder under data_path"),
                    Key.of("target_dir", STRING, "target", "target folder under data_path"),
                    Key.of("target_suffix", STRING, null, "target file suffix; default: data_suffix"))))
            .register(Declared.of(DatasetSpec.MNIST, "the IDX files under data_path (mode train: training set, else test)",
                    KeySet.of(NAME_KEY, DATA_PATH, MODE, Key.of("dim", INT, "2", "ignored: MNIST is 2D"))))
            .register(Declared.of(DatasetSpec.MULTI, "one folder per modality, matched by file name, with label maps",
                    KeySet.of(NAME_KEY, DATA_PATH, MODE, DIM, CROP,
                            Key.of("data_dir", ANY, "raw", "a modality folder, or a list of them"),
                            Key.of("data_suffix", ANY, ".png", "one suffix, or one per modality"),
                            Key.of("label_dir", ANY, "label", "one label folder"),
                            Key.of("label_suffix", STRING, null, "label suffix; required when data_suffix is a list"),
                            Key.of("data_combine", STRING, "mean", "mean, sum or cat (modalities stacked as channels)"),
                            Key.of("label_combine", STRING, null, "mean, sum or cat; checked, unused with one label folder"))))
            .register(Declared.of(DatasetSpec.PCD, "point clouds under data_dir (reconstruction, generation)", POINTS.plus(
                    Key.of("data_dir", STRING, "''", "cloud folder under data_path"))))
            .register(Declared.of(DatasetSpec.PCD_CLS, "class folders of point clouds, one class index each", POINTS.plus(
                    Key.of("data_dir", STRING, "''", "cloud folder under each class folder (none: the class folder itself)"),
                    Key.required("cls_label", MAPPING, "class folder -> class index, in class order"),
                    Key.of("pre_shuffle", BOOL, "false", "true is not supported yet (the loader's shuffle is)"))))
            .register(Declared.of(DatasetSpec.PCD_SEG, "point clouds under data_dir with per-point labels under label_dir",
                    POINTS.plus(Key.of("data_dir", STRING, "pcd", "cloud folder under data_path"),
                            Key.of("label_dir", STRING, "label", "label folder under data_path"),
                            Key.of("label_suffix", STRING, ".seg", "label file suffix: text, one label per point"))))
            .register(Declared.of(DatasetSpec.PCD_RECON, "point clouds under data_dir with target clouds under target_dir",
                    POINTS.plus(Key.of("data_dir", STRING, "pcd", "cloud folder under data_path"),
                            Key.of("target_dir", STRING, "target", "target folder under data_path"),
                            Key.of("target_suffix", STRING, ".ply", "target cloud file suffix"))))
            .register(Declared.of(DatasetSpec.STREAM, "tensor records a producer writes to a Kafka topic, trained as they"
                    + " arrive until max_steps (required) or cancel", KeySet.of(NAME_KEY, MODE,
                    Key.required("topic", STRING, "the topic the producer writes (not a flemme.* topic); records in the"
                            + " data-topic format: tensors 'image' and 'label' (FLOAT32, shapes of the model's input and"
                            + " output without the batch axis)"))))
            .later("ImgDataset", "PatchImgSegDataset", "MultiModalityPatchImgSegDataset", "ImgReconWithClassLabelDataset",
                    "ImgSegWithClassLabelDataset", "CIFAR10", "CelebA", "PcdReconWithClassLabelDataset", "PointDataset", "ToyDataset", "GraphDataset",
                    "GraphShapeNet");

    private Datasets() {
    }
}
