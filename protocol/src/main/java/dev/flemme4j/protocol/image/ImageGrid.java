package dev.flemme4j.protocol.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/** Tiles several images into one picture (samples, inputs beside their masks) for a person to look at. */
public final class ImageGrid {

    private ImageGrid() {
    }

    /**
     * Row-major grid with {@code columns} columns; cells are as large as the largest image, images sit at
     * their cell's top-left, {@code gap} black pixels between cells.
     */
    public static BufferedImage tile(List<BufferedImage> images, int columns, int gap) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images to tile");
        }
        if (columns <= 0 || gap < 0) {
            throw new IllegalArgumentException("columns must be positive and gap non-negative, got " + columns + " and " + gap);
        }
        int cellW = images.stream().mapToInt(BufferedImage::getWidth).max().orElseThrow();
        int cellH = images.stream().mapToInt(BufferedImage::getHeight).max().orElseThrow();
        int cols = Math.min(columns, images.size());
        int rows = (images.size() + cols - 1) / cols;
        BufferedImage grid = new BufferedImage(cols * cellW + (cols - 1) * gap, rows * cellH + (rows - 1) * gap, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        try {
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
            for (int i = 0; i < images.size(); i++) {
                g.drawImage(images.get(i), (i % cols) * (cellW + gap), (i / cols) * (cellH + gap), null);
            }
        } finally {
            g.dispose();
        }
        return grid;
    }

    public static byte[] tilePng(List<BufferedImage> images, int columns, int gap) {
        return ImageCodec.encodePng(tile(images, columns, gap));
    }
}
