package dev.flemme4j.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.cli.local.ValidationSplitScoring.ScoredCase;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The held-out pictures of `flemme local` for classification and reconstruction models, and the metric line. */
class ScoredCasesPictureTest {
    private static final long[] SHAPE = {1, 28, 28};

    @Test
    void classifiedDigitsAreLabelledGreenWhenRightAndRedWhenWrong(@TempDir Path tmp) throws Exception {
        ScoredCase right = new ScoredCase(SHAPE, ramp(), oneHot(3), oneHot(3));
        ScoredCase wrong = new ScoredCase(SHAPE, ramp(), oneHot(7), oneHot(1));
        BufferedImage right1 = ScoredCasesPicture.labelled(ScoredCasesPicture.show(SHAPE, ramp(), true), 3, 3);
        assertTrue(hasPixel(right1, 0x33cc33) && !hasPixel(right1, 0xee3333), "a right answer is drawn in green");
        BufferedImage wrong1 = ScoredCasesPicture.labelled(ScoredCasesPicture.show(SHAPE, ramp(), true), 1, 7);
        assertTrue(hasPixel(wrong1, 0xee3333) && hasPixel(wrong1, 0xaaaaaa), "a wrong answer in red, the truth in grey");

        BufferedImage grid = ImageIO.read(ScoredCasesPicture.writeClassified(List.of(right, wrong), tmp.resolve("c.png")).toFile());
        // two tiles side by side (28 px enlarged ×6 = 168), a 2-px gap; the legend above, a label band under the tiles
        assertEquals(2 * 168 + 2, grid.getWidth());
        int band = ColumnTitles.bandHeight(168);
        assertEquals(band + right1.getHeight(), grid.getHeight(), "legend band + digit + label band");
        assertTrue(textPixels(grid, 0, grid.getWidth(), band) > 200, "the legend is written in the band on top");
    }

    @Test
    void reconstructionsSitBesideTheirInputs(@TempDir Path tmp) throws Exception {
        float[] input = ramp();
        float[] output = new float[input.length]; // an all-black reconstruction
        BufferedImage grid = ImageIO.read(ScoredCasesPicture.writeReconstructed(
                List.of(new ScoredCase(SHAPE, input, input, output)), tmp.resolve("r.png")).toFile());
        assertEquals(2 * 168 + 2, grid.getWidth());
        int band = ColumnTitles.bandHeight(168);
        assertEquals(band + 168, grid.getHeight());
        assertTrue(hasPixel(grid, 0xffffff), "the input's bright end is shown");
        assertFalse(hasPixelIn(grid, 170, band, 0xffffff), "the black reconstruction is on the right");
        int inputTitle = textPixels(grid, 0, 168, band);
        int outputTitle = textPixels(grid, 170, 2 * 168 + 2, band);
        assertTrue(inputTitle > 50 && outputTitle > inputTitle,
                "each column has its title, 'reconstruction' longer than 'input': " + inputTitle + " vs " + outputTitle);
    }

    /** Pixels of the title band (rows 0..band) in columns x0..x1 that are not the band's background. */
    static int textPixels(BufferedImage img, int x0, int x1, int band) {
        int n = 0;
        for (int y = 0; y < band; y++) {
            for (int x = x0; x < x1; x++) {
                if ((img.getRGB(x, y) & 0xffffff) != (ColumnTitles.BAND.getRGB() & 0xffffff)) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void metricLineKeepsTheJobsOrderAndUnits() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("MSE", 0.00712);
        m.put("PSNR", 21.534);
        var r = new ValidationSplitScoring.Result(m, 10, "val_loader", 0.1, List.of());
        assertEquals("MSE: 0.0071, PSNR: 21.53 dB", r.metricsText());
    }

    @Test
    void glyphsDrawEveryDigitDifferently() {
        java.util.Set<String> shapes = new java.util.HashSet<>();
        for (int d = 0; d <= 9; d++) {
            BufferedImage img = new BufferedImage(3, 5, BufferedImage.TYPE_INT_RGB);
            var g = img.createGraphics();
            DigitGlyphs.draw(g, d, 0, 0, 1, java.awt.Color.WHITE);
            g.dispose();
            StringBuilder sb = new StringBuilder();
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 3; x++) {
                    sb.append((img.getRGB(x, y) & 0xffffff) != 0 ? '#' : '.');
                }
            }
            shapes.add(sb.toString());
        }
        assertEquals(10, shapes.size());
        assertEquals(14, DigitGlyphs.width(10, 2), "two 3-dot digits one dot apart (7 dots) at scale 2");
    }

    private static float[] ramp() {
        float[] v = new float[28 * 28];
        for (int i = 0; i < v.length; i++) {
            v[i] = i / (float) (v.length - 1);
        }
        return v;
    }

    private static float[] oneHot(int k) {
        float[] v = new float[10];
        v[k] = 1;
        return v;
    }

    private static boolean hasPixel(BufferedImage img, int rgb) {
        return hasPixelIn(img, 0, 0, rgb);
    }

    private static boolean hasPixelIn(BufferedImage img, int fromX, int fromY, int rgb) {
        for (int y = fromY; y < img.getHeight(); y++) {
            for (int x = fromX; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xffffff) == rgb) {
                    return true;
                }
            }
        }
        return false;
    }
}
