package dev.flemme4j.cli.data;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/** 8-bit grayscale PNG files. ImageIO writes no timestamp, so equal pixels give equal bytes. */
public final class GrayscalePng {

    private GrayscalePng() {
    }

    public static void write(Path file, int width, int height, byte[] pixels) throws IOException {
        if (pixels.length != width * height) {
            throw new IllegalArgumentException(width + "×" + height + " image needs " + width * height
                    + " pixels, got " + pixels.length);
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] raster = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        System.arraycopy(pixels, 0, raster, 0, pixels.length);
        try (OutputStream out = Files.newOutputStream(file)) {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("No PNG writer available");
            }
        }
    }

    /** The pixels of an 8-bit grayscale PNG, row-major. */
    public static byte[] read(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException(file + " is not a readable image");
        }
        if (image.getType() != BufferedImage.TYPE_BYTE_GRAY) {
            throw new IOException(file + " is not 8-bit grayscale");
        }
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData().clone();
    }
}
