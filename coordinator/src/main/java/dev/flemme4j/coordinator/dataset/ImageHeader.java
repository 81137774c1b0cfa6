package dev.flemme4j.coordinator.dataset;

import dev.flemme4j.protocol.image.NiftiVolume;
import java.awt.image.ColorModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * Size and channel count of an image file, read from its header without decoding the pixels, so validation
 * can check every file of a dataset quickly. Channels are those {@link dev.flemme4j.protocol.image.FloatImage#fromImage}
 * gives when the file is ingested: gray (with or without alpha) 1, colour 3 (alpha dropped), palette 3; a NIfTI
 * volume has one channel.
 *
 * @param size {@code [H, W]} for images, {@code [D, H, W]} for volumes
 */
public record ImageHeader(int channels, int[] size) {

    public ImageHeader(int channels, int height, int width) {
        this(channels, new int[] {height, width});
    }

    public ImageHeader {
        size = size.clone();
    }

    @Override
    public int[] size() {
        return size.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageHeader h && channels == h.channels && java.util.Arrays.equals(size, h.size);
    }

    @Override
    public int hashCode() {
        return 31 * channels + java.util.Arrays.hashCode(size);
    }

    /** Reads a PNG/JPEG header, or a NIfTI-1 header for {@code .nii}/{@code .nii.gz}; IOException naming the file. */
    public static ImageHeader read(Path file) throws IOException {
        if (NiftiVolume.isNiftiName(file.getFileName().toString())) {
            return new ImageHeader(1, NiftiVolume.readHeader(file).size());
        }
        return readImage(file);
    }

    private static ImageHeader readImage(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new IOException("cannot open " + file);
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException(file + " is not an image format this coordinator can read (PNG, JPEG, BMP, GIF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                ImageTypeSpecifier type = reader.getRawImageType(0);
                if (type == null) {
                    Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
                    type = types.hasNext() ? types.next() : null;
                }
                int channels = type == null ? 1 : channels(type.getColorModel());
                return new ImageHeader(channels, h, w);
            } catch (RuntimeException e) {
                throw new IOException(file + " is corrupt: " + e.getMessage(), e);
            } finally {
                reader.dispose();
            }
        }
    }

    private static int channels(ColorModel cm) {
        if (cm instanceof java.awt.image.IndexColorModel) {
            return 3;
        }
        return cm.getNumColorComponents() == 1 ? 1 : 3;
    }
}
