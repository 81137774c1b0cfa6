package dev.flemme4j.protocol.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.protocol.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MultiModalityImgSegDataset, 3D (NIfTI) datasets, the dimension-aware transforms and split_files. */
class ImageDatasetSpecTest {
    private static String job(String loader, String extra) {
        return "mode: train\nmodel: {name: SeM}\nloader:\n" + loader.indent(2) + "optimizer: {name: Adam, lr: 0.001}\n" + extra;
    }

    private static ConfigException rejected(String yaml) {
        return assertThrows(ConfigException.class, () -> TrainJobSpec.parse(yaml));
    }

    private static void assertRejected(String path, String messagePart, String yaml) {
        ConfigException e = rejected(yaml);
        assertEquals(path, e.path(), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    @Test
    void multiModalityKeysAndUpstreamDefaults() {
        TrainJobSpec s = TrainJobSpec.parse(job("""
                dataset:
                  name: MultiModalityImgSegDataset
                  dim: 3
                  data_path: brats
                  data_dir: [flair, t1, t1ce, t2]
                  label_dir: seg
                  data_suffix: [_flair.nii.gz, _t1.nii.gz, _t1ce.nii.gz, _t2.nii.gz]
                  label_suffix: _seg.nii.gz
                  data_combine: cat
                """, ""));
        DatasetSpec ds = s.loader().dataset();
        assertTrue(ds.isMultiModality() && ds.isSegmentation());
        assertEquals(List.of("flair", "t1", "t1ce", "t2"), ds.modalities().dirs());
        assertEquals("_t1ce.nii.gz", ds.modalities().suffixes().get(2));
        assertEquals("cat", ds.modalities().combine());
        assertEquals("flair", ds.dataDir(), "the first modality drives the listing");
        assertEquals(List.of("_seg.nii.gz"), s.loader().labelSuffixes());

        DatasetSpec d = TrainJobSpec.parse(job("dataset: {name: MultiModalityImgSegDataset, data_path: p, data_dir: [a, b]}\n",
                "")).loader().dataset();
        assertEquals("mean", d.modalities().combine(), "Flemme's default data_combine");
        assertEquals(List.of(".png", ".png"), d.modalities().suffixes());
        assertEquals(".png", d.labelSuffix());
        assertEquals("label", d.labelDir());
    }

    @Test
    void multiModalityFaultsNameTheKey() {
        assertRejected("loader.dataset.data_suffix", "2 suffixes for 3", job(
                "dataset: {name: MultiModalityImgSegDataset, data_path: p, data_dir: [a, b, c], data_suffix: [.png, .png]}\n", ""));
        assertRejected("loader.dataset.label_suffix", "required", job(
                "dataset: {name: MultiModalityImgSegDataset, data_path: p, data_dir: [a, b], data_suffix: [_a.png, _b.png]}\n", ""));
        assertRejected("loader.dataset.data_combine", "did you mean 'cat'", job(
                "dataset: {name: MultiModalityImgSegDataset, data_path: p, data_dir: [a, b], data_combine: cats}\n", ""));
        assertRejected("loader.dataset.data_combine", "list of 2 images", job(
                "dataset: {name: MultiModalityImgSegDataset, data_path: p, data_dir: [a, b], data_combine: null}\n", ""));
        assertRejected("loader.dataset.label_dir", "not supported yet", job(
                "dataset: {name: MultiModalityImgSegDataset, data_path: p, data_dir: [a, b], label_dir: [l1, l2]}\n", ""));
        assertRejected("loader.dataset.slice_builder", "unknown key", job(
                "dataset: {name: MultiModalityImgSegDataset, data_path: p, slice_builder: {}}\n", ""));
        assertRejected("loader.data_suffix_list", "not supported yet", job(
                "dataset: {name: MultiModalityImgSegDataset, data_dir: [a]}\ndata_path_list: [p]\ndata_suffix_list: [.jpg]\n", ""));
    }

    @Test
    void threeDimensionalDatasetsReadNifti() {
        TrainJobSpec s = TrainJobSpec.parse(job("""
                dataset: {name: ImgSegDataset, dim: 3, data_path: v, data_suffix: .nii.gz}
                data_transforms:
                  - {name: Normalize}
                  - {name: RandomFlip, axis_prob: 0.3}
                  - {name: RandomRotate90}
                  - {name: Resize, size: [8, 16, 16]}
                  - {name: ToTensor}
                label_transforms:
                  - {name: RandomFlip, axis_prob: 0.3}
                  - {name: RandomRotate90}
                  - {name: Resize, size: [8, 16, 16]}
                  - {name: Relabel, map: [[4, 3]]}
                  - {name: ToOneHot, num_classes: 4}
                  - {name: ToTensor}
                """, ""));
        assertEquals(3, s.loader().dataset().dim());
        List<TransformSpec> data = s.loader().dataTransforms();
        assertNull(data.get(0).mean(), "3D Normalize without mean/std is a per-volume z-score");
        assertEquals(0.3, data.get(1).probability());
        assertTrue(data.get(1).isRandom() && data.get(2).isRandom() && !data.get(3).isRandom());
        assertEquals(List.of(8, 16, 16), data.get(3).size());
        TransformSpec relabel = s.loader().labelTransforms().get(3);
        assertEquals(List.of(List.of(4, 3)), relabel.map());
        assertNull(relabel.offset());

        assertRejected("loader.dataset.data_suffix", "NIfTI", job("dataset: {name: ImgSegDataset, dim: 3, data_path: v}\n", ""));
        assertRejected("loader.dataset.data_suffix", "set dim: 3", job("dataset: {name: ImgSegDataset, data_path: v, data_suffix: .nii}\n", ""));
        assertRejected("loader.dataset.dim", "must be 2", job("dataset: {name: ImgSegDataset, dim: 4, data_path: v}\n", ""));
        assertRejected("loader.dataset.crop_nonzero", "not supported yet", job(
                "dataset: {name: ImgSegDataset, dim: 3, data_path: v, data_suffix: .nii, crop_nonzero: true}\n", ""));
    }

    @Test
    void transformVocabularyDependsOnTheDimension() {
        String vol = "dataset: {name: ImgSegDataset, dim: 3, data_path: v, data_suffix: .nii}\ndata_transforms:\n";
        assertRejected("loader.data_transforms[0].name", "2D transform", job(vol + "  - {name: RandomHorizontalFlip}\n", ""));
        assertRejected("loader.data_transforms[0].name", "2D transform", job(vol + "  - {name: GrayScale}\n", ""));
        assertRejected("loader.data_transforms[0].name", "not supported yet", job(vol + "  - {name: ElasticDeform}\n", ""));
        assertRejected("loader.data_transforms[0].size", "3 positive integers", job(vol + "  - {name: Resize, size: [8, 8]}\n", ""));
        assertRejected("loader.data_transforms[0].std", "give both", job(vol + "  - {name: Normalize, mean: 0.5}\n", ""));
        assertRejected("loader.data_transforms[0].expand_dims", "not supported", job(vol + "  - {name: ToTensor, expand_dims: false}\n", ""));
        String img = "dataset: {name: ImgSegDataset, data_path: v}\ndata_transforms:\n";
        assertRejected("loader.data_transforms[0].name", "3D transform", job(img + "  - {name: RandomRotate90}\n", ""));
        assertRejected("loader.data_transforms[0].name", "did you mean 'RandomVerticalFlip'", job(img + "  - {name: RandomVerticlFlip}\n", ""));
        assertRejected("loader.data_transforms[0].name", "not supported yet", job(img + "  - {name: GaussianBlur, kernel_size: 3}\n", ""));
        assertRejected("loader.data_transforms[0].degrees", "required", job(img + "  - {name: RandomRotation}\n", ""));
        assertRejected("loader.data_transforms[0].degrees", "min <= max", job(img + "  - {name: RandomRotation, degrees: [10, -10]}\n", ""));
        assertRejected("loader.data_transforms[0].expand", "not supported", job(img + "  - {name: RandomRotation, degrees: 10, expand: true}\n", ""));
        assertRejected("loader.data_transforms[0].interpolation", "allowed: nearest", job(img + "  - {name: RandomRotation, degrees: 10, interpolation: bilinear}\n", ""));
        TransformSpec rot = TrainJobSpec.parse(job(img + "  - {name: RandomRotation, degrees: 15, fill: 1}\n", ""))
                .loader().dataTransforms().get(0);
        assertEquals(List.of(-15.0, 15.0), rot.degrees());
        assertEquals(1.0, rot.fill());
        assertTrue(rot.isRandom() && rot.appliesToLabels());
        assertRejected("loader.data_transforms[0].p", "probability", job(img + "  - {name: RandomVerticalFlip, p: 2}\n", ""));
        assertRejected("loader.data_transforms[0].prob", "unknown key", job(img + "  - {name: RandomVerticalFlip, prob: 0.2}\n", ""));
        assertRejected("loader.data_transforms[0].map[0]", "integer pair", job(img + "  - {name: Relabel, map: [[1]]}\n", ""));
    }

    @Test
    void labelsFollowTheImagesGeometryAndDraws() {
        TrainJobSpec s = TrainJobSpec.parse(job("""
                dataset: {name: ImgSegDataset, data_path: v}
                data_transforms: [{name: RandomHorizontalFlip}, {name: Resize, size: [8, 8]}, {name: Normalize, mean: 0.5, std: 0.5}]
                """, ""));
        assertEquals(List.of("RandomHorizontalFlip", "Resize"),
                s.loader().effectiveLabelTransforms().stream().map(TransformSpec::name).toList(),
                "Flemme copies flips and resizes to the labels, not Normalize");
        String base = "dataset: {name: ImgSegDataset, data_path: v}\ndata_transforms: [{name: RandomHorizontalFlip}, {name: RandomVerticalFlip}]\n";
        assertRejected("loader.label_transforms", "same order", job(base
                + "label_transforms: [{name: RandomVerticalFlip}, {name: RandomHorizontalFlip}]\n", ""));
        assertRejected("loader.label_transforms", "change shape", job(base + "label_transforms: [{name: RandomHorizontalFlip}]\n", ""));
        assertRejected("val_loader.data_transforms[0].name", "training loader only", job(
                "dataset: {name: ImgSegDataset, data_path: v}\n",
                "val_loader:\n  dataset: {name: ImgSegDataset, data_path: w}\n  data_transforms: [{name: RandomVerticalFlip}]\n"));
        assertRejected("loader.class_label_transforms[0].map", "offset only", """
                mode: train
                model: {name: ClM}
                loader:
                  dataset: {name: ImgClsDataset, data_path: d, cls_label: {a: 0}}
                  class_label_transforms: [{name: Relabel, map: [[1, 0]]}]
                optimizer: {name: Adam, lr: 0.001}
                """);
    }

    @Test
    void splitFiles() {
        TrainJobSpec s = TrainJobSpec.parse(job("dataset: {name: ImgSegDataset, data_path: v}\n",
                "split_files: {train: [f1.txt, f2.txt], val: v.txt, test: t.txt}\n"));
        assertEquals(List.of("f1.txt", "f2.txt"), s.splitFiles().train());
        assertEquals(List.of("v.txt"), s.splitFiles().val());
        assertTrue(s.warnings().stream().anyMatch(w -> w.startsWith("split_files.test")));
        assertNull(TrainJobSpec.parse(job("dataset: {name: ImgSegDataset, data_path: v}\n", "")).splitFiles());
        assertRejected("split_files.vall", "unknown key", job("dataset: {name: ImgSegDataset, data_path: v}\n",
                "split_files: {val: v.txt, vall: x}\n"));
        ConfigException both = assertThrows(ConfigException.class, () -> TrainJobSpec.parse(job(
                "dataset: {name: ImgSegDataset, data_path: v}\n", "split_files: {val: v.txt}\nval_split_ratio: 0.2\n"))
                .validateCrossSection());
        assertEquals("split_files", both.path());
    }
}
