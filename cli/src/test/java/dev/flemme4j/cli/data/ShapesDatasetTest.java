package dev.flemme4j.cli.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShapesDatasetTest {

    private static final int SIZE = 64;

    @TempDir
    Path tmp;

    @Test
    void sameSeedWritesIdenticalBytes() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        new ShapesDatasetWriter(new ShapesDatasetGenerator(SIZE, 42)).write(a, 12, 4);
        new ShapesDatasetWriter(new ShapesDatasetGenerator(SIZE, 42)).write(b, 12, 4);

        List<Path> files = relativeFiles(a);
        assertEquals(files, relativeFiles(b));
        for (Path file : files) {
            assertArrayEquals(Files.readAllBytes(a.resolve(file)), Files.readAllBytes(b.resolve(file)), file.toString());
        }
    }

    @Test
    void writesTheImgSegLayoutWithCountsAndReadme() throws IOException {
        new ShapesDatasetWriter(new ShapesDatasetGenerator(SIZE, 7)).write(tmp, 10, 3);

        assertEquals(10, pngCount(tmp.resolve("images")));
        assertEquals(10, pngCount(tmp.resolve("masks")));
        assertEquals(3, pngCount(tmp.resolve("test/images")));
        assertEquals(3, pngCount(tmp.resolve("test/masks")));
        assertTrue(Files.exists(tmp.resolve("images/0009.png")));
        assertTrue(Files.exists(tmp.resolve("masks/0009.png")));
        String readme = Files.readString(tmp.resolve("README.txt"));
        assertTrue(readme.contains("SYNTHETIC"), readme);
        assertTrue(readme.contains("seed        7"), readme);

        byte[] image = GrayscalePng.read(tmp.resolve("images/0000.png"));
        assertEquals(SIZE * SIZE, image.length);
    }

    @Test
    void rewritingWithFewerSamplesLeavesNoStaleFiles() throws IOException {
        ShapesDatasetWriter writer = new ShapesDatasetWriter(new ShapesDatasetGenerator(SIZE, 1));
        writer.write(tmp, 8, 2);
        writer.write(tmp, 5, 2);
        assertEquals(5, pngCount(tmp.resolve("images")));
        assertEquals(5, pngCount(tmp.resolve("masks")));
    }

    @Test
    void masksAreBinaryAndCoverAReasonableFraction() {
        ShapesDatasetGenerator generator = new ShapesDatasetGenerator(SIZE, 42);
        double sum = 0;
        for (int i = 0; i < 400; i++) {
            ShapesSample sample = generator.sample(ShapesDatasetGenerator.TRAIN_STREAM, i);
            for (byte m : sample.mask()) {
                assertTrue(m == 0 || m == (byte) 255, "mask value " + (m & 0xFF) + " in sample " + i);
            }
            double fraction = sample.foregroundFraction();
            assertTrue(fraction >= 0.05 && fraction <= 0.6, "foreground " + fraction + " in sample " + i);
            sum += fraction;
        }
        double mean = sum / 400;
        assertTrue(mean > 0.1 && mean < 0.4, "mean foreground " + mean);
    }

    @Test
    void testSplitNeverRepeatsATrainingImage() {
        ShapesDatasetGenerator generator = new ShapesDatasetGenerator(SIZE, 42);
        Set<String> train = new HashSet<>();
        for (int i = 0; i < 400; i++) {
            train.add(Arrays.toString(generator.sample(ShapesDatasetGenerator.TRAIN_STREAM, i).image()));
        }
        for (int i = 0; i < 64; i++) {
            assertFalse(train.contains(Arrays.toString(generator.sample(ShapesDatasetGenerator.TEST_STREAM, i).image())));
        }
    }

    @Test
    void differentSeedsGiveDifferentImages() {
        byte[] a = new ShapesDatasetGenerator(SIZE, 1).sample(0, 0).image();
        byte[] b = new ShapesDatasetGenerator(SIZE, 2).sample(0, 0).image();
        assertFalse(Arrays.equals(a, b));
    }

    /**
     * Shapes must stand well above the noise for a small U-Net to reach Dice ≥ 0.9. A far weaker model,
     * one global threshold on a 3×3 mean of the pixels, already gets close; a U-Net has room above it.
     */
    @Test
    void shapesAreSeparableFromBackgroundByIntensity() {
        ShapesDatasetGenerator generator = new ShapesDatasetGenerator(SIZE, 42);
        double diceSum = 0;
        int n = 200;
        for (int i = 0; i < n; i++) {
            ShapesSample sample = generator.sample(ShapesDatasetGenerator.TRAIN_STREAM, i);
            diceSum += thresholdDice(sample);
        }
        double dice = diceSum / n;
        assertTrue(dice > 0.85, "dice of a blurred global threshold: " + dice);
    }

    private static double thresholdDice(ShapesSample sample) {
        int size = sample.size();
        byte[] image = sample.image();
        int tp = 0;
        int predicted = 0;
        int actual = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double sum = 0;
                int count = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int yy = y + dy;
                        int xx = x + dx;
                        if (yy >= 0 && yy < size && xx >= 0 && xx < size) {
                            sum += image[yy * size + xx] & 0xFF;
                            count++;
                        }
                    }
                }
                // background tops out at 0.375, shapes start 0.2 above it
                boolean p = sum / count > 0.475 * 255;
                boolean t = sample.mask()[y * size + x] != 0;
                if (p) {
                    predicted++;
                }
                if (t) {
                    actual++;
                }
                if (p && t) {
                    tp++;
                }
            }
        }
        return 2.0 * tp / (predicted + actual);
    }

    private static List<Path> relativeFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }

    private static long pngCount(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".png")).count();
        }
    }
}
