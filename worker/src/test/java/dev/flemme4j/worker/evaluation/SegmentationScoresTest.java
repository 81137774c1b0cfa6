package dev.flemme4j.worker.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-computed on tiny samples. */
class SegmentationScoresTest {
    @Test
    void perSampleMeansOfDiceIouAccuracyAndHd() {
        SegmentationScores s = new SegmentationScores(new long[] {1, 1, 4}, new HausdorffDistance(new int[] {1, 4}, false));
        // sample 1: pred 1100, truth 1010 -> inter 1, |P|=2, |T|=2: Dice 0.5, IoU 1/3, ACC 2/4;
        //   HD: pred point 1 is 1 away from truth point 0 or 2, truth point 2 is 1 away from pred point 1 -> 1
        s.add(new float[] {3, 1, -1, -2}, 0, new float[] {1, 0, 1, 0}, 0, 4);
        // sample 2: pred 0000, truth 0000 -> Dice 1 (both empty), IoU 1, ACC 1, HD 0 (scikit-image: both empty)
        s.add(new float[] {-1, -1, -1, -1}, 0, new float[] {0, 0, 0, 0}, 0, 4);
        Map<String, Double> m = s.means();
        assertEquals(0.75, m.get("Dice"), 1e-6);
        assertEquals((1.0 / 3 + 1) / 2, m.get("mIoU"), 1e-6);
        assertEquals(0.75, m.get("ACC"), 1e-9);
        assertEquals(0.5, m.get("HD"), 1e-12);
    }

    @Test
    void oneEmptyMaskMakesHdInfiniteAsInScikitImage() {
        SegmentationScores s = new SegmentationScores(new long[] {1, 2, 2}, new HausdorffDistance(new int[] {2, 2}, false));
        s.add(new float[] {-1, -1, -1, -1}, 0, new float[] {0, 1, 0, 0}, 0, 4);
        assertEquals(Double.POSITIVE_INFINITY, s.means().get("HD"));
    }

    @Test
    void softLabelsCountAsForegroundButNeverMatchForAccuracy() {
        // Flemme: truth = label > 0; ACC compares the 0/1 prediction with the label value itself
        SegmentationScores s = new SegmentationScores(new long[] {1, 1, 2}, null);
        s.add(new float[] {1, -1}, 0, new float[] {0.7f, 0}, 0, 2);
        assertEquals(1.0, s.means().get("Dice"), 1e-9);
        assertEquals(0.5, s.means().get("ACC"), 1e-9);
    }

    @Test
    void twoClassesPerChannelThenAveraged() {
        // logits (C=2, 1x3): arg-max classes 0, 1, 1
        float[] logits = {2, 0, 0, /* channel 1 */ 1, 3, 1};
        // one-hot truth classes 0, 0, 1
        float[] label = {1, 1, 0, 0, 0, 1};
        SegmentationScores s = new SegmentationScores(new long[] {2, 1, 3}, new HausdorffDistance(new int[] {1, 3}, false));
        s.add(logits, 0, label, 0, 6);
        Map<String, Double> m = s.means();
        // channel 0: P={0}, T={0,1}: Dice 2/3, IoU 1/2, HD 1; channel 1: P={1,2}, T={2}: Dice 2/3, IoU 1/2, HD 1
        assertEquals(2.0 / 3, m.get("Dice"), 1e-6);
        assertEquals(0.5, m.get("mIoU"), 1e-6);
        assertEquals(1.0, m.get("HD"), 1e-12);
        // arg-max agreement: voxels 0 and 2 of 3
        assertEquals(2.0 / 3, m.get("ACC"), 1e-12);
    }
}
