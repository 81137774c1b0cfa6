package dev.flemme4j.protocol.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * PNG/JPEG bytes to {@link BufferedImage} and back, with javax.imageio.
 *
 * <p>Decoding reads the header first and refuses images above {@link #maxPixels()} before allocating the
 * pixels: a few hundred bytes of PNG can claim 100k × 100k pixels.
 */
public final class ImageCodec {

    /** 64 Mpixel: any medical 2D slice or photo we serve, not a decompression bomb. */
    public static final long DEFAULT_MAX_PIXELS = 64L * 1024 * 1024;

    private static final ImageCodec STANDARD = new ImageCodec(DEFAULT_MAX_PIXELS);

    static {
        // Never spill decoder buffers to temp files: requests are bounded and already in memory.
        ImageIO.setUseCache(false);
    }

    private final long maxPixels;

    private ImageCodec(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    public static ImageCodec standard() {
        return STANDARD;
    }

    public static ImageCodec withMaxPixels(long maxPixels) {
        return new ImageCodec(maxPixels);
    }

    public long maxPixels() {
        return maxPixels;
    }

    /** Decodes a PNG, JPEG (or any format imageio reads); a clear {@link ImageDecodeException} otherwise. */
    public BufferedImage decode(byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageDecodeException("body is not a PNG or JPEG image (" + bytes.length + " bytes, no image reader recognises it)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                String format = reader.getFormatName();
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels <= 0 || pixels > maxPixels) {
                    throw new ImageDecodeException(format + " image of " + reader.getWidth(0) + "×" + reader.getHeight(0)
                            + " pixels is over the limit of " + maxPixels + " pixels");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // imageio reports corrupt data with IIOException but also with assorted runtime exceptions
            throw new ImageDecodeException("body is not a decodable image: " + e.getMessage(), e);
        }
    }

    /** PNG bytes of an image. */
    public static byte[] encodePng(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer for image type " + image.getType());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing PNG to memory", e);
        }
        return out.toByteArray();
    }
}
