package dev.flemme4j.cli.local;

import java.awt.Color;
import java.awt.Graphics2D;

/**
 * Draws numbers with a built-in 3×5 pixel font. AWT's own text rendering needs system fonts (fontconfig), which
 * minimal servers and containers often lack; these few rectangles draw the same everywhere.
 */
final class DigitGlyphs {
    /** Rows of each digit 0–9, top to bottom; bit 2 is the left column. */
    private static final int[][] ROWS = {
            {7, 5, 5, 5, 7}, {2, 6, 2, 2, 7}, {7, 1, 7, 4, 7}, {7, 1, 7, 1, 7}, {5, 5, 7, 1, 1},
            {7, 4, 7, 1, 7}, {7, 4, 7, 5, 7}, {7, 1, 1, 1, 1}, {7, 5, 7, 5, 7}, {7, 5, 7, 1, 7}};
    static final int WIDTH = 3;
    static final int HEIGHT = 5;

    private DigitGlyphs() {
    }

    /** Width in pixels of {@code number} drawn with {@code scale}-pixel dots and one dot between digits. */
    static int width(int number, int scale) {
        int digits = Integer.toString(number).length();
        return (digits * (WIDTH + 1) - 1) * scale;
    }

    /** Draws a non-negative {@code number} with its top-left corner at (x, y). */
    static void draw(Graphics2D g, int number, int x, int y, int scale, Color color) {
        if (number < 0) {
            throw new IllegalArgumentException("only non-negative numbers, got " + number);
        }
        g.setColor(color);
        String text = Integer.toString(number);
        for (int d = 0; d < text.length(); d++) {
            int[] rows = ROWS[text.charAt(d) - '0'];
            int left = x + d * (WIDTH + 1) * scale;
            for (int r = 0; r < HEIGHT; r++) {
                for (int c = 0; c < WIDTH; c++) {
                    if ((rows[r] >> (WIDTH - 1 - c) & 1) != 0) {
                        g.fillRect(left + c * scale, y + r * scale, scale, scale);
                    }
                }
            }
        }
    }
}
