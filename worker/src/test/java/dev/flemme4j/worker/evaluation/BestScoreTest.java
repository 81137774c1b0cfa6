package dev.flemme4j.worker.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.worker.checkpoint.CheckpointWriter;
import dev.flemme4j.worker.checkpoint.ExportSource;
import dev.flemme4j.worker.checkpoint.TrainingCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Best-checkpoint selection by score_metric and the export choice that follows, without Kafka or a model. */
class BestScoreTest {

    @Test
    void higherIsBetterKeepsTheMaximumAndTiesDoNotCount() {
        BestScore b = new BestScore("Dice", true, 1e-8);
        assertTrue(b.offer(1, Map.of("Dice", 0.5)));
        assertTrue(b.offer(2, Map.of("Dice", 0.7)));
        assertFalse(b.offer(3, Map.of("Dice", 0.6)));
        assertFalse(b.offer(4, Map.of("Dice", 0.7)), "a tie is not better by min_score_delta");
        assertEquals(2, b.bestEpoch());
        assertEquals(0.7, b.bestValue());
    }

    @Test
    void lowerIsBetterKeepsTheMinimumAndAnInfiniteDistanceNeverWins() {
        BestScore b = new BestScore("HD", false, 1e-8);
        assertFalse(b.offer(1, Map.of("HD", Double.POSITIVE_INFINITY)), "an empty prediction's HD");
        assertEquals(-1, b.bestEpoch());
        assertTrue(b.offer(2, Map.of("HD", 12.0)));
        assertTrue(b.offer(3, Map.of("HD", 4.0)));
        assertFalse(b.offer(4, Map.of("HD", 5.0)));
        assertEquals(3, b.bestEpoch());
        assertEquals(Map.of("HD", 4.0), b.bestScores());
    }

    @Test
    void minScoreDeltaAndMissingOrNanScores() {
        BestScore b = new BestScore("ACC", true, 0.05);
        assertTrue(b.offer(1, Map.of("ACC", 0.80)));
        assertFalse(b.offer(2, Map.of("ACC", 0.84)), "better, but by less than the delta");
        assertFalse(b.offer(3, Map.of("val_loss", 0.1)));
        assertFalse(b.offer(4, Map.of("ACC", Double.NaN)));
        assertTrue(b.offer(5, Map.of("ACC", 0.86)));
        assertEquals(5, b.bestEpoch());
    }

    @Test
    void exportTakesTheBestCheckpointWhenThereIsOne() {
        TrainingCheckpoint last = checkpoint(8, Map.of("Dice", 0.6, "val_loss", 0.3));
        BestScore b = new BestScore("Dice", true, 1e-8);
        b.offer(4, Map.of("Dice", 0.8, "val_loss", 0.2));
        b.offer(8, last.metrics());
        ExportSource s = ExportSource.choose(b, last);
        assertEquals(CheckpointWriter.BEST_SCORE, s.checkpoint());
        assertEquals(4, s.epoch());
        assertEquals(0.8, s.score());
        assertTrue(s.needsRestore(last));
        assertEquals("exported from ckp_best_score (epoch 4, Dice 0.8)", s.describe());

        BestScore lastIsBest = new BestScore("Dice", true, 1e-8);
        lastIsBest.offer(8, last.metrics());
        assertFalse(ExportSource.choose(lastIsBest, last).needsRestore(last), "the model already holds those weights");
    }

    @Test
    void exportTakesTheFinalWeightsWithoutScoreMetricOrValidation() {
        TrainingCheckpoint last = checkpoint(3, Map.of());
        ExportSource none = ExportSource.choose(null, last);
        assertEquals(CheckpointWriter.LAST, none.checkpoint());
        assertEquals(3, none.epoch());
        assertNull(none.scoreMetric());
        assertFalse(none.needsRestore(last));

        ExportSource neverValidated = ExportSource.choose(new BestScore("Dice", true, 1e-8), last);
        assertEquals(CheckpointWriter.LAST, neverValidated.checkpoint());
        assertNull(neverValidated.score());
    }

    @Test
    void bestCheckpointIsACopyOfTheLastOneAndReplacesTheOldBest(@TempDir Path root) throws Exception {
        CheckpointWriter w = new CheckpointWriter(root);
        Files.createDirectories(root.resolve("ckp_last"));
        Files.writeString(root.resolve("ckp_last/state.json"), "{\"epoch\":1}");
        Path best = w.copyLastToBest();
        assertEquals(root.resolve("ckp_best_score"), best);
        assertEquals("{\"epoch\":1}", Files.readString(best.resolve("state.json")));
        Files.writeString(root.resolve("ckp_last/state.json"), "{\"epoch\":2}");
        w.copyLastToBest();
        assertEquals("{\"epoch\":2}", Files.readString(best.resolve("state.json")));
        assertEquals("{\"epoch\":2}", Files.readString(root.resolve("ckp_last/state.json")));
        try (var left = Files.list(root)) {
            assertEquals(2, left.count(), "no temporary or old directories left behind");
        }
    }

    private static TrainingCheckpoint checkpoint(int epoch, Map<String, Double> metrics) {
        return new TrainingCheckpoint("j", epoch, epoch * 10L, 0.1, metrics, Map.of(), null, 0);
    }
}
