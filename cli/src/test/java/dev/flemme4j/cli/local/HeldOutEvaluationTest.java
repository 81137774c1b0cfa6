package dev.flemme4j.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
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

    @Test
    void thePictureHasTitlesOverImageTruthAndPrediction() {
        BufferedImage tile = HeldOutEvaluation.enlarged(leftHalfWhite(64)); // 192 px
        BufferedImage picture = HeldOutEvaluation.picture(List.of(tile, tile, tile, tile, tile, tile));
        int band = ColumnTitles.bandHeight(192);
        assertEquals(3 * 192 + 2 * 2, picture.getWidth());
        assertEquals(band + 2 * 192 + 2, picture.getHeight(), "the title band on top of two rows");
        assertEquals(tile.getRGB(0, 0), picture.getRGB(0, band), "the tiles start below the band");
        int[] text = new int[3];
        for (int c = 0; c < 3; c++) {
            text[c] = ScoredCasesPictureTest.textPixels(picture, c * 194, c * 194 + 192, band);
            assertTrue(text[c] > 50, "column " + c + " has a title: " + text[c] + " text pixels");
        }
        // "image", "truth" and "prediction" cover different numbers of pixels: three titles, not one repeated
        assertNotEquals(text[0], text[1]);
        assertNotEquals(text[1], text[2]);
        assertTrue(text[2] > text[0], "'prediction' is the longest");
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
