package dev.flemme4j.protocol.image;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A float image of 2 or 3 spatial dimensions in channel-first layout, {@code (C, H, W)} or {@code (C, D, H, W)}:
 * what a dataset sample is between decoding and its tensor record. The dimension is a parameter of every
 * operation, so 2D slices and 3D volumes share one implementation. Every operation returns a new image.
 *
 * @param size the spatial size, {@code [H, W]} or {@code [D, H, W]}
 */
public record SpatialImage(int channels, int[] size, float[] data) {

    public SpatialImage {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(data, "data");
        size = size.clone();
        if (channels <= 0 || size.length < 2 || size.length > 3 || Arrays.stream(size).anyMatch(s -> s <= 0)
                || (long) channels * product(size) != data.length) {
            throw new IllegalArgumentException("SpatialImage " + channels + "×" + Arrays.toString(size) + " cannot hold "
                    + data.length + " values");
        }
    }

    public static SpatialImage of(FloatImage image) {
        return new SpatialImage(image.channels(), new int[] {image.height(), image.width()}, image.data());
    }

    /** A volume as one channel, {@code (1, D, H, W)}. */
    public static SpatialImage of(NiftiVolume volume) {
        return new SpatialImage(1, volume.size(), volume.data());
    }

    public int spatialDims() {
        return size.length;
    }

    /** Values per channel. */
    public int plane() {
        return product(size);
    }

    /** {@code [C, *size]}, the tensor shape of the record. */
    public long[] shape() {
        long[] s = new long[1 + size.length];
        s[0] = channels;
        for (int i = 0; i < size.length; i++) {
            s[i + 1] = size[i];
        }
        return s;
    }

    static int product(int[] size) {
        int n = 1;
        for (int s : size) {
            n *= s;
        }
        return n;
    }

    /**
     * Nearest-neighbour resize as torch's {@code interpolate(mode="nearest")} along every spatial axis (what Flemme's
     * 2D Resize does through torchvision and its 3D Resize through {@code F.interpolate}).
     */
    public SpatialImage resizeNearest(int[] out) {
        return SpatialGeometry.resizeNearest(this, out);
    }

    /** Mirrors spatial axis {@code axis} (0 = the first spatial axis: D for volumes, H for slices). */
    public SpatialImage flip(int axis) {
        return SpatialGeometry.flip(this, axis);
    }

    /**
     * numpy's {@code rot90(m, k, axes=(-2, -1))} on every channel (and slice): {@code k} quarter turns in the plane
     * of the last two axes, from the first towards the second. An odd {@code k} swaps their sizes.
     */
    public SpatialImage rot90(int k) {
        return SpatialGeometry.rot90(this, k);
    }

    /**
     * torchvision's {@code rotate(img, angle)} with nearest interpolation, no expansion and the image centre as the
     * pivot, on the plane of the last two axes (see {@link SpatialGeometry#rotate}); a positive angle turns
     * counter-clockwise as seen, so 90° equals {@link #rot90(int) rot90(1)} on a square plane.
     */
    public SpatialImage rotate(double degrees, float fill) {
        return SpatialGeometry.rotate(this, degrees, fill);
    }
    /** Every value × {@code factor} (ToTensor's 1/255 for 8-bit images). */
    public SpatialImage scale(double factor) {
        if (factor == 1.0) {
            return this;
        }
        float f = (float) factor;
        float[] out = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = data[i] * f;
        }
        return new SpatialImage(channels, size, out);
    }

    /** Flemme's InverseColor: {@code 1 − x}. */
    public SpatialImage inverted() {
        float[] out = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = 1f - data[i];
        }
        return new SpatialImage(channels, size, out);
    }

    /** Flemme's 2D GrayScale (torchvision's luma); a one-channel image stays as is; then repeated to {@code outChannels}. */
    public SpatialImage grayscale(int outChannels) {
        SpatialImage g = this;
        if (channels == 3) {
            int plane = plane();
            float[] out = new float[plane];
            for (int i = 0; i < plane; i++) {
                out[i] = FloatImage.LUMA_R * data[i] + FloatImage.LUMA_G * data[plane + i] + FloatImage.LUMA_B * data[2 * plane + i];
            }
            g = new SpatialImage(1, size, out);
        } else if (channels != 1) {
            throw new ImageDecodeException("grayscale needs a 1- or 3-channel image, got " + channels + " channels");
        }
        return outChannels > 1 ? g.repeatChannels(outChannels) : g;
    }

    private SpatialImage repeatChannels(int n) {
        float[] out = new float[n * data.length];
        for (int c = 0; c < n; c++) {
            System.arraycopy(data, 0, out, c * data.length, data.length);
        }
        return new SpatialImage(n, size, out);
    }

    /** {@code (x − mean[c]) / std[c]}; a one-element list applies to every channel. */
    public SpatialImage normalize(List<Double> mean, List<Double> std) {
        int plane = plane();
        float[] out = new float[data.length];
        for (int c = 0; c < channels; c++) {
            float m = mean.get(mean.size() == 1 ? 0 : c).floatValue();
            float s = std.get(std.size() == 1 ? 0 : c).floatValue();
            for (int i = c * plane, end = i + plane; i < end; i++) {
                out[i] = (data[i] - m) / s;
            }
        }
        return new SpatialImage(channels, size, out);
    }

    /**
     * Flemme's 3D Normalize without mean/std: zero mean and unit (population) standard deviation over the whole
     * image, or per channel when {@code channelwise}; the deviation is clipped below at 1e-8 as upstream does.
     */
    public SpatialImage standardize(boolean channelwise) {
        int groups = channelwise ? channels : 1;
        int len = data.length / groups;
        float[] out = new float[data.length];
        for (int g = 0; g < groups; g++) {
            double sum = 0;
            for (int i = g * len; i < (g + 1) * len; i++) {
                sum += data[i];
            }
            double mean = sum / len;
            double sq = 0;
            for (int i = g * len; i < (g + 1) * len; i++) {
                sq += (data[i] - mean) * (data[i] - mean);
            }
            double std = Math.max(Math.sqrt(sq / len), 1e-8);
            for (int i = g * len; i < (g + 1) * len; i++) {
                out[i] = (float) ((data[i] - mean) / std);
            }
        }
        return new SpatialImage(channels, size, out);
    }

    /** Flemme's ToBinaryMask: 1 where the value is strictly above {@code threshold}, else 0. */
    public SpatialImage binaryMask(double threshold) {
        float[] out = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = data[i] > threshold ? 1f : 0f;
        }
        return new SpatialImage(channels, size, out);
    }

    /** numpy's {@code astype(int)}, which Flemme's Relabel applies first: truncation toward zero. */
    public SpatialImage truncate() {
        float[] out = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = (float) (long) data[i];
        }
        return new SpatialImage(channels, size, out);
    }

    /** Relabel with {@code offset}: truncated values + offset. */
    public SpatialImage addOffset(int offset) {
        SpatialImage t = truncate();
        float[] out = t.data;
        for (int i = 0; i < out.length; i++) {
            out[i] += offset;
        }
        return t;
    }

    /** Relabel with {@code map}: truncated values, then each {@code [from, to]} pair applied in order. */
    public SpatialImage relabel(List<int[]> pairs) {
        SpatialImage t = truncate();
        float[] out = t.data;
        for (int[] kv : pairs) {
            for (int i = 0; i < out.length; i++) {
                if (out[i] == kv[0]) {
                    out[i] = kv[1];
                }
            }
        }
        return t;
    }

    /** Relabel without map or offset: the sorted distinct (truncated) values become 0, 1, 2, ... */
    public SpatialImage consecutiveLabels() {
        SpatialImage t = truncate();
        TreeMap<Float, Integer> rank = new TreeMap<>();
        for (float v : t.data) {
            rank.put(v, 0);
        }
        int r = 0;
        for (var e : rank.entrySet()) {
            e.setValue(r++);
        }
        float[] out = t.data;
        for (int i = 0; i < out.length; i++) {
            out[i] = rank.get(out[i]);
        }
        return t;
    }

    /**
     * Flemme's ToOneHot on a one-channel label map: {@code num_classes} channels, except that with 2 classes Flemme
     * keeps the single channel as it is (a binary mask is its own encoding).
     *
     * @throws IllegalArgumentException naming the first value that is not a class index in {@code [0, numClasses)}
     */
    public SpatialImage oneHot(int numClasses) {
        if (channels != 1) {
            throw new IllegalArgumentException("ToOneHot needs a one-channel label map, got " + channels
                    + " channels (is it already one-hot?)");
        }
        for (float v : data) {
            if (v < 0 || v >= numClasses || v != Math.rint(v)) {
                throw new IllegalArgumentException("label value " + v + " is not a class index in [0, " + numClasses + ")");
            }
        }
        if (numClasses == 2) {
            return this;
        }
        int plane = plane();
        float[] out = new float[numClasses * plane];
        for (int i = 0; i < plane; i++) {
            out[(int) data[i] * plane + i] = 1f;
        }
        return new SpatialImage(numClasses, size, out);
    }

    /** The channels of several images of one size, in order (Flemme's {@code data_combine: cat}). */
    public static SpatialImage stack(List<SpatialImage> images) {
        SpatialImage first = images.get(0);
        int total = images.stream().mapToInt(SpatialImage::channels).sum();
        float[] out = new float[total * first.plane()];
        int at = 0;
        for (SpatialImage im : images) {
            requireSameShape(first, im);
            System.arraycopy(im.data, 0, out, at, im.data.length);
            at += im.data.length;
        }
        return new SpatialImage(total, first.size, out);
    }

    /** Element-wise sum, or mean when {@code mean} (Flemme's {@code data_combine: sum / mean}). */
    public static SpatialImage combine(List<SpatialImage> images, boolean mean) {
        SpatialImage first = images.get(0);
        float[] out = new float[first.data.length];
        for (SpatialImage im : images) {
            requireSameShape(first, im);
            if (im.channels != first.channels) {
                throw new IllegalArgumentException("cannot add a " + im.channels + "-channel image to a " + first.channels
                        + "-channel one");
            }
            for (int i = 0; i < out.length; i++) {
                out[i] += im.data[i];
            }
        }
        if (mean) {
            for (int i = 0; i < out.length; i++) {
                out[i] /= images.size();
            }
        }
        return new SpatialImage(first.channels, first.size, out);
    }

    private static void requireSameShape(SpatialImage a, SpatialImage b) {
        if (!Arrays.equals(a.size, b.size)) {
            throw new IllegalArgumentException("modalities differ in size: " + Arrays.toString(a.size) + " and "
                    + Arrays.toString(b.size));
        }
    }

    @Override
    public int[] size() {
        return size.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpatialImage s && channels == s.channels && Arrays.equals(size, s.size)
                && Arrays.equals(data, s.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(channels, Arrays.hashCode(size), Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "SpatialImage[" + channels + "×" + Arrays.toString(size) + "]";
    }
}
