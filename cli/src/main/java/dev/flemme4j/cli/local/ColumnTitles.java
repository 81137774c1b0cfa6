package dev.flemme4j.cli.local;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a band of text above a picture grid: a title over each column ("image", "truth", "prediction"), or one
 * line of legend across the whole width. Drawn with Java2D in headless mode. On a host without any font
 * (a stripped container) Java2D cannot draw text at all; the grid is then kept without the band, with a warning,
 * because the scores matter more than the titles.
 */
final class ColumnTitles {
    private static final Logger LOG = LoggerFactory.getLogger(ColumnTitles.class);
    static final Color BAND = new Color(0x20, 0x20, 0x20);
    /** Not pure white: the pictures' own white pixels stay told apart from the titles'. */
    static final Color TEXT = new Color(0xe0, 0xe0, 0xe0);

    private ColumnTitles() {
    }

    /** Height of the band above a grid whose cells are {@code cellWidth} wide. */
    static int bandHeight(int cellWidth) {
        return fontSize(cellWidth) * 2;
    }

    /**
     * {@code grid} ({@code columns} cells wide, {@code gap} pixels apart) with {@code titles} centred over its
     * columns, repeated when there are fewer titles than columns (input, output, input, output, ...).
     */
    static BufferedImage above(BufferedImage grid, int columns, int gap, List<String> titles) {
        int cell = (grid.getWidth() - (columns - 1) * gap) / columns;
        return withBand(grid, cell, (g, fm, y) -> {
            for (int c = 0; c < columns; c++) {
                String t = titles.get(c % titles.size());
                int x = c * (cell + gap) + Math.max(0, (cell - fm.stringWidth(t)) / 2);
                g.drawString(t, x, y);
            }
        });
    }

    /** {@code grid} with {@code text} as one line above it, sized for cells {@code cellWidth} wide. */
    static BufferedImage legend(BufferedImage grid, int cellWidth, String text) {
        return withBand(grid, cellWidth, (g, fm, y) -> g.drawString(text, fontSize(cellWidth) / 2, y));
    }

    private interface Text {
        void draw(Graphics2D g, FontMetrics fm, int baseline);
    }

    private static BufferedImage withBand(BufferedImage grid, int cellWidth, Text text) {
        int band = bandHeight(cellWidth);
        BufferedImage out = new BufferedImage(grid.getWidth(), grid.getHeight() + band, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(BAND);
            g.fillRect(0, 0, out.getWidth(), band);
            g.drawImage(grid, 0, band, null);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, fontSize(cellWidth)));
            g.setColor(TEXT);
            FontMetrics fm = g.getFontMetrics();
            // vertically centred: the baseline sits half the text's height below the band's middle
            text.draw(g, fm, (band + fm.getAscent() - fm.getDescent()) / 2);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            // what Java2D throws when the host has no font at all ("No fonts found", a fontconfig NPE)
            LOG.warn("held-out picture without column titles: Java2D cannot draw text here ({})", e.toString());
            return grid;
        } finally {
            g.dispose();
        }
        return out;
    }

    private static int fontSize(int cellWidth) {
        return Math.max(12, Math.min(22, cellWidth / 9));
    }
}
