package dev.flemme4j.protocol.image;

import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecordException;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** Binary masks as 8-bit grayscale PNGs: foreground 255, background 0 — what people and most tools expect. */
public final class MaskPng {

    private MaskPng() {
    }

    /**
     * Encodes one H×W mask; leading axes of size 1 are allowed ([H, W], [1, H, W], [1, 1, H, W]).
     * Integer masks: non-zero is foreground. Float masks (0/1 or probabilities): foreground where value &gt; threshold.
     */
    public static byte[] encode(NamedTensor mask, float threshold) {
        return ImageCodec.encodePng(toImage(mask, threshold));
    }

    public static BufferedImage toImage(NamedTensor mask, float threshold) {
        long[] shape = mask.shape();
        if (shape.length < 2) {
            throw new TensorRecordException("mask '" + mask.name() + "' must be H×W, got shape " + Arrays.toString(shape));
        }
        for (int i = 0; i < shape.length - 2; i++) {
            if (shape[i] != 1) {
                throw new TensorRecordException("mask '" + mask.name() + "' must hold one H×W plane, got shape " + Arrays.toString(shape));
            }
        }
        int h = Math.toIntExact(shape[shape.length - 2]);
        int w = Math.toIntExact(shape[shape.length - 1]);
        boolean[] fg = new boolean[h * w];
        ByteBuffer data = mask.data();
        for (int i = 0; i < fg.length; i++) {
            fg[i] = switch (mask.dtype()) {
                case FLOAT32 -> data.getFloat(4 * i) > threshold;
                case INT64 -> data.getLong(8 * i) != 0;
                case INT32 -> data.getInt(4 * i) != 0;
                case UINT8 -> data.get(i) != 0;
            };
        }
        return fromForeground(fg, h, w);
    }

    /** A gray image that is 255 where {@code foreground[y·w + x]} is true. */
    public static BufferedImage fromForeground(boolean[] foreground, int height, int width) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = img.getRaster();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setSample(x, y, 0, foreground[y * width + x] ? 255 : 0);
            }
        }
        return img;
    }
}
