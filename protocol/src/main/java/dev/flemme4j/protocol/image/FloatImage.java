package dev.flemme4j.protocol.image;

import dev.flemme4j.protocol.model.Preprocessing;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.util.Objects;

/**
 * A float image in channel-first (C, H, W) layout — the tensor torchvision's ToTensor makes — with the
 * image transforms Flemme applies to it. Every transform returns a new image.
 */
public record FloatImage(int channels, int height, int width, float[] data) {

    // torchvision's rgb_to_grayscale on tensors, which Flemme's GrayScale calls after ToTensor.
    static final float LUMA_R = 0.2989f;
    static final float LUMA_G = 0.587f;
    static final float LUMA_B = 0.114f;

    public FloatImage {
        Objects.requireNonNull(data, "data");
        if (channels <= 0 || height <= 0 || width <= 0 || (long) channels * height * width != data.length) {
            throw new IllegalArgumentException("FloatImage " + channels + "×" + height + "×" + width + " cannot hold " + data.length + " values");
        }
    }

    /**
     * ToTensor: raw sample values × {@code scale} (1/255 for 8-bit images), CHW. Gray images give one channel,
     * colour images three (alpha is dropped), palette images are expanded to RGB.
     */
    public static FloatImage fromImage(BufferedImage image, double scale) {
        int h = image.getHeight();
        int w = image.getWidth();
        if (image.getColorModel() instanceof IndexColorModel) {
            return fromRgb(image, scale);
        }
        Raster raster = image.getRaster();
        int colourBands = image.getColorModel().getNumColorComponents();
        if (colourBands != 1 && colourBands != 3) {
            return fromRgb(image, scale);
        }
        float[] out = new float[colourBands * h * w];
        float s = (float) scale;
        for (int c = 0; c < colourBands; c++) {
            int base = c * h * w;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[base + y * w + x] = raster.getSample(x, y, c) * s;
                }
            }
        }
        return new FloatImage(colourBands, h, w, out);
    }

    private static FloatImage fromRgb(BufferedImage image, double scale) {
        int h = image.getHeight();
        int w = image.getWidth();
        float s = (float) scale;
        float[] out = new float[3 * h * w];
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                int i = y * w + x;
                out[i] = ((rgb >> 16) & 0xFF) * s;
                out[plane + i] = ((rgb >> 8) & 0xFF) * s;
                out[2 * plane + i] = (rgb & 0xFF) * s;
            }
        }
        return new FloatImage(3, h, w, out);
    }

    /**
     * Nearest-neighbour resize as torch's {@code interpolate(mode="nearest")} (what torchvision's Resize with
     * NEAREST does to a tensor): source index = min(floor(dst × in/out), in − 1), computed in float32.
     */
    public FloatImage resizeNearest(int outHeight, int outWidth) {
        if (outHeight == height && outWidth == width) {
            return this;
        }
        int[] ys = nearestIndices(height, outHeight);
        int[] xs = nearestIndices(width, outWidth);
        float[] out = new float[channels * outHeight * outWidth];
        for (int c = 0; c < channels; c++) {
            int src = c * height * width;
            int dst = c * outHeight * outWidth;
            for (int y = 0; y < outHeight; y++) {
                int row = src + ys[y] * width;
                for (int x = 0; x < outWidth; x++) {
                    out[dst + y * outWidth + x] = data[row + xs[x]];
                }
            }
        }
        return new FloatImage(channels, outHeight, outWidth, out);
    }

    static int[] nearestIndices(int in, int out) {
        float scale = (float) in / out;
        int[] idx = new int[out];
        for (int i = 0; i < out; i++) {
            idx[i] = Math.min((int) Math.floor((float) i * scale), in - 1);
        }
        return idx;
    }

    /** Flemme's GrayScale: one channel of 0.2989 R + 0.587 G + 0.114 B; a one-channel image is returned as is. */
    public FloatImage toGrayscale() {
        if (channels == 1) {
            return this;
        }
        if (channels != 3) {
            throw new ImageDecodeException("grayscale needs a 1- or 3-channel image, got " + channels + " channels");
        }
        int plane = height * width;
        float[] out = new float[plane];
        for (int i = 0; i < plane; i++) {
            out[i] = LUMA_R * data[i] + LUMA_G * data[plane + i] + LUMA_B * data[2 * plane + i];
        }
        return new FloatImage(1, height, width, out);
    }

    /** The same gray plane repeated {@code n} times (a gray image fed to a colour model). */
    public FloatImage repeatChannels(int n) {
        if (channels != 1) {
            throw new ImageDecodeException("only a 1-channel image can be repeated, got " + channels + " channels");
        }
        float[] out = new float[n * data.length];
        for (int c = 0; c < n; c++) {
            System.arraycopy(data, 0, out, c * data.length, data.length);
        }
        return new FloatImage(n, height, width, out);
    }

    /** torchvision's Normalize: {@code (x − mean[c]) / std[c]}. */
    public FloatImage normalize(Preprocessing.Normalize normalize) {
        int plane = height * width;
        float[] out = new float[data.length];
        for (int c = 0; c < channels; c++) {
            float mean = (float) normalize.mean(c);
            float std = (float) normalize.std(c);
            for (int i = c * plane, end = i + plane; i < end; i++) {
                out[i] = (data[i] - mean) / std;
            }
        }
        return new FloatImage(channels, height, width, out);
    }

    /** Flemme's ToBinaryMask: 1 where the value is strictly above {@code threshold}, else 0. */
    public FloatImage toBinaryMask(float threshold) {
        float[] out = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = data[i] > threshold ? 1f : 0f;
        }
        return new FloatImage(channels, height, width, out);
    }

    /** For people to look at: values clamped to [0, 1] and scaled to 0..255; 1 channel → gray, 3 → RGB. */
    public BufferedImage toBufferedImage() {
        if (channels != 1 && channels != 3) {
            throw new IllegalStateException("only 1- or 3-channel images can be shown, got " + channels);
        }
        BufferedImage img = new BufferedImage(width, height, channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        WritableRaster raster = img.getRaster();
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    float v = data[c * plane + y * width + x];
                    raster.setSample(x, y, c, Math.round(Math.max(0f, Math.min(1f, v)) * 255f));
                }
            }
        }
        return img;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatImage f && channels == f.channels && height == f.height && width == f.width
                && java.util.Arrays.equals(data, f.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(channels, height, width, java.util.Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "FloatImage[" + channels + "×" + height + "×" + width + "]";
    }
}
