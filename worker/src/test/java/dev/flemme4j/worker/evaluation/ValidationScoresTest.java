package dev.flemme4j.worker.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.modelzoo.ModelTask;
import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.model.Postprocessing;
import dev.flemme4j.protocol.spec.TrainJobSpec;
import dev.flemme4j.worker.checkpoint.ModelExport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Metric numerics computed by hand, and the choice of metrics by task and evaluation_metrics. */
class ValidationScoresTest {

    @Test
    void mseAndPsnrPerSampleThenAveraged() {
        ReconstructionScores s = new ReconstructionScores(1.0, null);
        // sample 1: errors 0.1, -0.1, 0.3, 0.1 → MSE = (0.01 + 0.01 + 0.09 + 0.01) / 4 = 0.03
        // sample 2: errors 0.2 everywhere → MSE = 0.04
        float[] pred = {0.1f, 0.9f, 0.8f, 0.6f, 0.2f, 0.2f, 0.2f, 0.2f};
        float[] target = {0.0f, 1.0f, 0.5f, 0.5f, 0.0f, 0.0f, 0.0f, 0.0f};
        s.add(pred, 0, target, 0, 4);
        s.add(pred, 4, target, 4, 4);
        Map<String, Double> m = s.means();
        assertEquals(0.035, m.get("MSE"), 1e-7);
        // PSNR = 10 log10(1 / MSE): 15.2288 and 13.9794 → 14.6041
        assertEquals((10 * Math.log10(1 / 0.03) + 10 * Math.log10(1 / 0.04)) / 2, m.get("PSNR"), 1e-5);
        assertEquals(14.6041, m.get("PSNR"), 1e-4);
    }

    @Test
    void psnrUsesTheDataRange() {
        ReconstructionScores s = new ReconstructionScores(255.0, null);
        s.add(new float[] {10, 20}, 0, new float[] {0, 20}, 0, 2); // MSE 50
        assertEquals(10 * Math.log10(255.0 * 255.0 / 50), s.means().get("PSNR"), 1e-9);
        assertEquals(50, s.means().get("MSE"), 1e-9);
        ReconstructionScores perfect = new ReconstructionScores(1.0, null);
        perfect.add(new float[] {1}, 0, new float[] {1}, 0, 1);
        // scikit-image divides by an MSE of 0, so Flemme reports (and averages) +inf
        assertEquals(Double.POSITIVE_INFINITY, perfect.means().get("PSNR"));
    }

    @Test
    void psnrWithoutDataRangeIsUndefinedForReconstructionsOutsideMinusOneToOne() {
        ReconstructionScores s = new ReconstructionScores(null, null);
        s.add(new float[] {0.5f, 0.5f}, 0, new float[] {0, 1}, 0, 2);
        assertTrue(Double.isFinite(s.means().get("PSNR")));
        s.add(new float[] {0.5f, 1.5f}, 0, new float[] {0, 1}, 0, 2);
        assertTrue(Double.isNaN(s.means().get("PSNR")), "scikit-image has no range for it");
        assertEquals(0.25, s.means().get("MSE"), 1e-12, "MSE needs no range");
    }

    @Test
    void ssimOfIdenticalImagesIsOneAndNeedsTheWindowToFit() {
        StructuralSimilarity ssim = new StructuralSimilarity(new long[] {2, 7, 8}, 1.0);
        float[] x = new float[2 * 7 * 8];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i * 37 % 11) / 11f;
        }
        assertEquals(1.0, ssim.of(x, 0, x, 0), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new StructuralSimilarity(new long[] {1, 6, 8}, 1.0));
        ConfigException e = assertThrows(ConfigException.class, () -> ValidationScores.forTask(ModelTask.RECONSTRUCT,
                new long[] {1, 6, 6}, spec("evaluation_metrics:\n  recon: [{name: SSIM, data_range: 1}]\n")));
        assertEquals("evaluation_metrics.recon", e.path());
    }

    @Test
    void classificationAccuracyIsArgmaxAgreement() {
        ClassificationScores s = new ClassificationScores();
        float[] logits = {2, 1, 0, /* right */ -1, 3, 0.5f, /* wrong */ 0, 0, 5 /* right */};
        float[] onehot = {1, 0, 0, 0, 0, 1, 0, 0, 1};
        for (int i = 0; i < 3; i++) {
            s.add(logits, 3 * i, onehot, 3 * i, 3);
        }
        assertEquals(2.0 / 3, s.means().get("ACC"), 1e-12);
    }

    @Test
    void evaluationMetricsChooseWhatIsReported() {
        TrainJobSpec recon = spec("evaluation_metrics:\n  recon:\n    - name: PSNR\n      data_range: 2.0\n");
        assertEquals(2.0, recon.psnrDataRange());
        ValidationScores r = ValidationScores.forTask(ModelTask.RECONSTRUCT, new long[] {1, 1, 2}, recon);
        r.add(new float[] {0, 0}, 0, new float[] {1, 1}, 0, 2);
        assertEquals(Map.of("PSNR", 10 * Math.log10(4.0)), r.means());

        ValidationScores byDefault = ValidationScores.forTask(ModelTask.RECONSTRUCT, new long[] {1, 1, 1}, spec(""));
        byDefault.add(new float[] {0.5f}, 0, new float[] {0}, 0, 1);
        assertEquals(List.of("MSE", "PSNR"), List.copyOf(byDefault.means().keySet()));
        assertEquals(10 * Math.log10(1 / 0.25), byDefault.means().get("PSNR"), 1e-9, "a non-negative reconstruction: range 1");

        ValidationScores seg = ValidationScores.forTask(ModelTask.SEGMENT, new long[] {1, 1, 2},
                spec("evaluation_metrics:\n  seg:\n    - name: F1\n"));
        seg.add(new float[] {1, -1}, 0, new float[] {1, 0}, 0, 2);
        assertEquals(Map.of("F1", 1.0), seg.means());

        ValidationScores segDefault = ValidationScores.forTask(ModelTask.SEGMENT, new long[] {1, 1, 2},
                spec("score_metric: {name: HD, higher_is_better: false}\n"));
        segDefault.add(new float[] {1, -1}, 0, new float[] {0, 1}, 0, 2);
        assertEquals(List.of("Dice", "mIoU", "ACC", "HD"), List.copyOf(segDefault.means().keySet()),
                "the defaults plus the score metric");
        assertEquals(1.0, segDefault.means().get("HD"), 1e-12);

        ValidationScores cls = ValidationScores.forTask(ModelTask.CLASSIFY, new long[] {2},
                spec("evaluation_metrics:\n  cls:\n    - name: ACC\n"));
        cls.add(new float[] {0, 1}, 0, new float[] {0, 1}, 0, 2);
        assertEquals(Map.of("ACC", 1.0), cls.means());
    }

    @Test
    void postprocessingFollowsTheTask() {
        assertEquals(Postprocessing.argmax(), ModelExport.postprocessing(ModelTask.CLASSIFY, new long[] {-1, 10}));
        assertNull(ModelExport.postprocessing(ModelTask.RECONSTRUCT, new long[] {-1, 1, 32, 32}));
        assertEquals(Postprocessing.sigmoidThreshold(0.5), ModelExport.postprocessing(ModelTask.SEGMENT, new long[] {-1, 1, 8, 8}));
        assertEquals(Postprocessing.argmax(), ModelExport.postprocessing(ModelTask.SEGMENT, new long[] {-1, 3, 8, 8}));
    }

    private static TrainJobSpec spec(String extra) {
        return TrainJobSpec.parse("""
                mode: train
                model: {name: AE}
                loader:
                  dataset: {name: ImgSegDataset, data_path: x}
                optimizer: {name: Adam, lr: 0.001}
                """ + extra);
    }
}
