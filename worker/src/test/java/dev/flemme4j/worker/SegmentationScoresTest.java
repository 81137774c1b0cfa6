package dev.flemme4j.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-computed on 2 samples of 4 pixels. */
class SegmentationScoresTest {
    @Test
    void perSampleMeansOfDiceIouAndAccuracy() {
        SegmentationScores s = new SegmentationScores();
        // sample 1: pred 1100, truth 1010 -> inter 1, |P|=2, |T|=2: Dice 0.5, IoU 1/3, ACC 2/4
        s.add(new float[] {3, 1, -1, -2}, 0, new float[] {1, 0, 1, 0}, 0, 4);
        // sample 2: pred 0000, truth 0000 -> Dice 1 (both empty), IoU 1, ACC 1
        s.add(new float[] {-1, -1, -1, -1}, 0, new float[] {0, 0, 0, 0}, 0, 4);
        Map<String, Double> m = s.means();
        assertEquals(0.75, m.get("Dice"), 1e-6);
        assertEquals((1.0 / 3 + 1) / 2, m.get("mIoU"), 1e-6);
        assertEquals(0.75, m.get("ACC"), 1e-9);
    }
}
