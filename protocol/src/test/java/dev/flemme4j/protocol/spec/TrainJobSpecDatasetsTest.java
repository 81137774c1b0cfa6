package dev.flemme4j.protocol.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.protocol.config.ConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dataset kinds, class label transforms and metric groups beyond segmentation. */
class TrainJobSpecDatasetsTest {
    private static String job(String loader, String extra) {
        return "mode: train\nmodel: {name: ClM}\nloader:\n" + loader.indent(2) + "optimizer: {name: Adam, lr: 0.001}\n" + extra;
    }

    private static ConfigException rejected(String yaml) {
        return assertThrows(ConfigException.class, () -> TrainJobSpec.parse(yaml));
    }

    @Test
    void imgClsDatasetWithClassLabelTransforms() {
        TrainJobSpec s = TrainJobSpec.parse(job("""
                dataset: {name: ImgClsDataset, data_path: d, data_dir: imgs, cls_label: {b: 2, a: 1}}
                class_label_transforms:
                  - {name: Relabel, offset: -1}
                  - {name: ToOneHot, num_classes: 2}
                  - {name: ToTensor}
                """, ""));
        DatasetSpec ds = s.loader().dataset();
        assertEquals(List.of("b", "a"), List.copyOf(ds.clsLabel().keySet()), "cls_label keeps the YAML order");
        assertEquals(Map.of("a", 1, "b", 2), ds.clsLabel());
        assertEquals("imgs", ds.dataDir());
        assertEquals("train", ds.mode());
        assertEquals(-1, s.loader().classLabelTransforms().get(0).offset());
        assertEquals(2, s.loader().classLabelTransforms().get(1).numClasses());
    }

    @Test
    void imgReconDatasetDefaultsAndTargetKeys() {
        TrainJobSpec s = TrainJobSpec.parse(job("""
                dataset: {name: ImgReconDataset, data_path: d}
                target_transforms: [{name: ToTensor}]
                """, ""));
        assertEquals("raw", s.loader().dataset().dataDir());
        assertEquals("target", s.loader().dataset().labelDir());
        assertEquals(List.of(".png"), s.loader().labelSuffixes());
        assertEquals("target_transforms", s.loader().labelTransformsKey());
        assertEquals("loader.label_transforms", rejected(job("""
                dataset: {name: ImgReconDataset, data_path: d}
                label_transforms: [{name: ToTensor}]
                """, "")).path(), "recon datasets have targets, not labels");
    }

    @Test
    void mnistModeFollowsTheLoader() {
        TrainJobSpec s = TrainJobSpec.parse(job("dataset: {name: MNIST, data_path: m}\n",
                "val_loader:\n  dataset: {name: MNIST, data_path: m}\n"));
        assertEquals("train", s.loader().dataset().mode());
        assertEquals("val", s.valLoader().dataset().mode());
        assertEquals("loader.dataset.data_dir", rejected(job("dataset: {name: MNIST, data_path: m, data_dir: x}\n", "")).path());
    }

    @Test
    void unsupportedPiecesNameTheirPath() {
        assertEquals("loader.class_label_transforms[0].name", rejected(job("""
                dataset: {name: ImgClsDataset, data_path: d, cls_label: {a: 0}}
                class_label_transforms: [{name: Resize, size: [2, 2]}]
                """, "")).path());
        assertEquals("loader.class_label_transforms[0].map", rejected(job("""
                dataset: {name: ImgClsDataset, data_path: d, cls_label: {a: 0}}
                class_label_transforms: [{name: Relabel, map: [[1, 0]]}]
                """, "")).path());
        assertEquals("loader.class_label_transforms[0].num_classes", rejected(job("""
                dataset: {name: ImgClsDataset, data_path: d, cls_label: {a: 0}}
                class_label_transforms: [{name: ToOneHot}]
                """, "")).path());
        assertEquals("loader.dataset.name", rejected(job("dataset: {name: CIFAR10, data_path: d}\n", "")).path());
    }

    @Test
    void metricGroups() {
        String loader = "dataset: {name: ImgSegDataset, data_path: d}\n";
        TrainJobSpec s = TrainJobSpec.parse(job(loader, """
                evaluation_metrics:
                  cls: [{name: ACC}]
                  recon: [{name: MSE}, {name: PSNR, data_range: 255}]
                score_metric: {name: PSNR}
                """));
        assertEquals(List.of("ACC"), s.metricsOf("cls"));
        assertEquals(List.of("MSE", "PSNR"), s.metricsOf("recon"));
        assertEquals(255.0, s.psnrDataRange());
        assertEquals(null, TrainJobSpec.parse(job(loader, "")).psnrDataRange());
        TrainJobSpec ssim = TrainJobSpec.parse(job(loader, """
                evaluation_metrics:
                  recon: [{name: SSIM, data_range: 2.0}]
                  seg: [{name: HD, method: modified}, {name: Dice}]
                score_metric: {name: HD}
                """));
        assertEquals(2.0, ssim.ssimDataRange());
        assertEquals("modified", ssim.hdMethod());
        assertTrue(ssim.warnings().stream().anyMatch(w -> w.startsWith("score_metric.higher_is_better")), ssim.warnings().toString());
        TrainJobSpec ssimDefault = TrainJobSpec.parse(job(loader, "evaluation_metrics:\n  recon: [{name: SSIM}]\n"));
        assertEquals(TrainJobSpec.DEFAULT_SSIM_DATA_RANGE, ssimDefault.ssimDataRange());
        assertTrue(ssimDefault.warnings().stream().anyMatch(w -> w.startsWith("evaluation_metrics.recon[0].data_range")));
        assertEquals("evaluation_metrics.seg[0].method",
                rejected(job(loader, "evaluation_metrics:\n  seg: [{name: HD, method: hd95}]\n")).path());
        ConfigException soft = rejected(job(loader, "evaluation_metrics:\n  seg: [{name: SoftDice}]\n"));
        assertEquals("evaluation_metrics.seg[0].name", soft.path());
        assertTrue(soft.getMessage().contains("not supported yet"), soft.getMessage());
        assertEquals("evaluation_metrics.seg[0].name", rejected(job(loader, "evaluation_metrics:\n  seg: [{name: Dise}]\n")).path());
        assertEquals("evaluation_metrics.seg[0].data_range",
                rejected(job(loader, "evaluation_metrics:\n  seg: [{name: Dice, data_range: 1}]\n")).path());
        ConfigException score = rejected(job(loader, "evaluation_metrics:\n  seg: [{name: Dice}]\nscore_metric: {name: mIoU}\n"));
        assertEquals("score_metric.name", score.path());
        assertEquals("score_metric.name", rejected(job(loader, "score_metric: {name: Dise}\n")).path());
        assertEquals(0.5, TrainJobSpec.parse(job(loader, "score_metric: {name: Dice}\nmin_score_delta: 0.5\n")).minScoreDelta());
        assertEquals("evaluation_metrics.cls[0].name", rejected(job(loader, "evaluation_metrics:\n  cls: [{name: Dice}]\n")).path());
        assertEquals("evaluation_metrics.gen", rejected(job(loader, "evaluation_metrics:\n  gen: [{name: FID}]\n")).path());
        assertEquals("evaluation_metrics.recon[0].data_range",
                rejected(job(loader, "evaluation_metrics:\n  recon: [{name: PSNR, data_range: 0}]\n")).path());
    }
}
