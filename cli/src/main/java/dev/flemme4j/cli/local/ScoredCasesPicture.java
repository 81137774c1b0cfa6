package dev.flemme4j.cli.local;

import dev.flemme4j.cli.local.ValidationSplitScoring.ScoredCase;
import dev.flemme4j.protocol.image.FloatImage;
import dev.flemme4j.protocol.image.ImageCodec;
import dev.flemme4j.protocol.image.ImageGrid;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A picture of the first scored cases for a person to look at:
 * <ul>
 *   <li>classification: each image with the predicted class index under it, green when it equals the true class,
 *       red (followed by the true class in grey) when not;</li>
 *   <li>reconstruction: pairs of tiles, the input and then the model's output.</li>
 * </ul>
 * A band of text on top says how to read it: column titles, or for classification a one-line legend.
 */
public final class ScoredCasesPicture {
    static final int COLUMNS_CLASSIFIED = 8;
    static final int PAIRS_PER_ROW = 4;
    static final int GAP = 2;
    static final String CLASSIFIED_LEGEND = "predicted class under each image: green = right; red = wrong, then the true class in grey";
    static final List<String> RECONSTRUCTED_TITLES = List.of("input", "reconstruction");
    private static final Color RIGHT = new Color(0x33, 0xcc, 0x33);
    private static final Color WRONG = new Color(0xee, 0x33, 0x33);
    private static final Color TRUTH = new Color(0xaa, 0xaa, 0xaa);

    private ScoredCasesPicture() {
    }

    public static Path writeClassified(List<ScoredCase> cases, Path file) throws IOException {
        List<BufferedImage> tiles = new ArrayList<>();
        for (ScoredCase c : cases) {
            tiles.add(labelled(show(c.imageShape(), c.image(), true), argmax(c.output()), argmax(c.target())));
        }
        BufferedImage grid = ImageGrid.tile(tiles, COLUMNS_CLASSIFIED, GAP);
        return write(ColumnTitles.legend(grid, tiles.get(0).getWidth(), CLASSIFIED_LEGEND), file);
    }

    public static Path writeReconstructed(List<ScoredCase> cases, Path file) throws IOException {
        List<BufferedImage> tiles = new ArrayList<>();
        for (ScoredCase c : cases) {
            // the input as ToTensor left it; a reconstruction is compared on the same scale, so no stretching
            tiles.add(show(c.imageShape(), c.image(), false));
            long[] outShape = c.imageShape().clone();
            outShape[0] = c.output().length / (outShape[1] * outShape[2]);
            tiles.add(show(outShape, c.output(), false));
        }
        int columns = Math.min(2 * PAIRS_PER_ROW, tiles.size());
        return write(ColumnTitles.above(ImageGrid.tile(tiles, columns, GAP), columns, GAP, RECONSTRUCTED_TITLES), file);
    }

    private static Path write(BufferedImage picture, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, ImageCodec.encodePng(picture));
        return file;
    }

    /**
     * A {@code [C,H,W]} tensor as an enlarged picture: the first channel, or RGB for three. {@code stretch} maps the
     * sample's own min..max to black..white (for normalised inputs); otherwise values are shown as [0, 1].
     */
    static BufferedImage show(long[] shape, float[] chw, boolean stretch) {
        int c = (int) shape[0];
        int h = (int) shape[1];
        int w = (int) shape[2];
        int channels = c == 3 ? 3 : 1;
        float[] data = java.util.Arrays.copyOf(chw, channels * h * w);
        if (stretch) {
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (float v : data) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            float range = max > min ? max - min : 1f;
            for (int i = 0; i < data.length; i++) {
                data[i] = (data[i] - min) / range;
            }
        }
        return rgb(HeldOutEvaluation.enlarged(new FloatImage(channels, h, w, data).toBufferedImage()));
    }

    /** The tile with a band underneath holding the predicted class (and the true one when they differ). */
    static BufferedImage labelled(BufferedImage tile, int predicted, int truth) {
        int scale = Math.max(2, tile.getWidth() / 32); // readable at a glance: 5-px dots on an enlarged 28-px digit (168 px)
        int band = (DigitGlyphs.HEIGHT + 2) * scale;
        BufferedImage out = new BufferedImage(tile.getWidth(), tile.getHeight() + band, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(tile, 0, 0, null);
            int y = tile.getHeight() + scale;
            DigitGlyphs.draw(g, predicted, scale, y, scale, predicted == truth ? RIGHT : WRONG);
            if (predicted != truth) {
                DigitGlyphs.draw(g, truth, scale + DigitGlyphs.width(predicted, scale) + 3 * scale, y, scale, TRUTH);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Grey tiles become RGB so coloured labels can sit beside them in one grid. */
    private static BufferedImage rgb(BufferedImage img) {
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(img, 0, 0, null);
        g.dispose();
        return out;
    }
}
