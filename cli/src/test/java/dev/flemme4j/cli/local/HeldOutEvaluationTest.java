package dev.flemme4j.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** Held-out Dice of a segmentation model served at a smaller size than its test masks (a job with Resize). */
class HeldOutEvaluationTest {

    @Test
    void theTrueMaskIsBroughtToTheServedMasksSizeBeforeDice() {
        BufferedImage truth = leftHalfWhite(64);
        BufferedImage served = leftHalfWhite(32);
        BufferedImage resized = HeldOutEvaluation.atSizeOf(truth, served);
        assertEquals(32, resized.getWidth());
        assertEquals(32, resized.getHeight());
        assertEquals(1.0, HeldOutEvaluation.dice(served, resized), 1e-12);
        BufferedImage wrong = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY); // all background
        assertEquals(0.0, HeldOutEvaluation.dice(wrong, resized), 1e-12);
    }

    @Test
    void aMaskOfTheRightSizeIsUsedAsItIs() {
        BufferedImage truth = leftHalfWhite(32);
        assertSame(truth, HeldOutEvaluation.atSizeOf(truth, leftHalfWhite(32)));
    }

    private static BufferedImage leftHalfWhite(int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size / 2; x++) {
                img.getRaster().setSample(x, y, 0, 255);
            }
        }
        return img;
    }
}
