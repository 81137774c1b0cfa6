package dev.flemme4j.protocol.image;

import java.util.Arrays;

/**
 * The geometric operations of {@link SpatialImage}: index remaps (resize, flip), quarter turns and rotations. Values
 * are moved, never changed, so the operations work on every channel alike.
 */
final class SpatialGeometry {
    private SpatialGeometry() {
    }

    /** Row-major strides of a spatial size. */
    private static int[] strides(int[] size) {
        int[] st = new int[size.length];
        int s = 1;
        for (int i = size.length - 1; i >= 0; i--) {
            st[i] = s;
            s *= size[i];
        }
        return st;
    }

    /**
     * Nearest-neighbour resize as torch's {@code interpolate(mode="nearest")} along every spatial axis (what Flemme's
     * 2D Resize does through torchvision and its 3D Resize through {@code F.interpolate}).
     */
    static SpatialImage resizeNearest(SpatialImage x, int[] out) {
        int[] size = x.size();
        if (out.length != size.length) {
            throw new IllegalArgumentException("resize to " + Arrays.toString(out) + " of a " + size.length + "D image");
        }
        if (Arrays.equals(out, size)) {
            return x;
        }
        int[][] src = new int[out.length][];
        for (int a = 0; a < out.length; a++) {
            src[a] = FloatImage.nearestIndices(size[a], out[a]);
        }
        return remap(x, out, (axis, i) -> src[axis][i]);
    }

    /** Mirrors spatial axis {@code axis} (0 = the first spatial axis: D for volumes, H for slices). */
    static SpatialImage flip(SpatialImage x, int axis) {
        int[] size = x.size();
        int n = size[axis];
        return remap(x, size, (a, i) -> a == axis ? n - 1 - i : i);
    }

    /** Source coordinate along one axis for an output coordinate, for separable index maps. */
    @FunctionalInterface
    private interface AxisMap {
        int source(int axis, int outIndex);
    }

    private static SpatialImage remap(SpatialImage x, int[] out, AxisMap map) {
        int[] inStride = strides(x.size());
        int channels = x.channels();
        float[] data = x.data();
        int outPlane = SpatialImage.product(out);
        int inPlane = x.plane();
        int[] offsetOf = new int[outPlane];
        int[] coord = new int[out.length];
        for (int p = 0; p < outPlane; p++) {
            int off = 0;
            for (int a = 0; a < out.length; a++) {
                off += map.source(a, coord[a]) * inStride[a];
            }
            offsetOf[p] = off;
            for (int a = out.length - 1; a >= 0 && ++coord[a] == out[a]; a--) {
                coord[a] = 0;
            }
        }
        float[] res = new float[channels * outPlane];
        for (int c = 0; c < channels; c++) {
            for (int p = 0; p < outPlane; p++) {
                res[c * outPlane + p] = data[c * inPlane + offsetOf[p]];
            }
        }
        return new SpatialImage(channels, out, res);
    }

    /**
     * numpy's {@code rot90(m, k, axes=(-2, -1))} on every channel (and slice): {@code k} quarter turns in the plane
     * of the last two axes, from the first towards the second. An odd {@code k} swaps their sizes.
     */
    static SpatialImage rot90(SpatialImage x, int k) {
        int turns = Math.floorMod(k, 4);
        if (turns == 0) {
            return x;
        }
        int[] size = x.size();
        int channels = x.channels();
        float[] data = x.data();
        int n = size.length;
        int h = size[n - 2];
        int w = size[n - 1];
        int[] out = size.clone();
        if (turns % 2 == 1) {
            out[n - 2] = w;
            out[n - 1] = h;
        }
        int oh = out[n - 2];
        int ow = out[n - 1];
        int slices = x.plane() / (h * w);
        float[] res = new float[data.length];
        for (int s = 0; s < channels * slices; s++) {
            int base = s * h * w;
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    int src = switch (turns) {
                        case 1 -> j * w + (w - 1 - i);
                        case 2 -> (h - 1 - i) * w + (w - 1 - j);
                        default -> (h - 1 - j) * w + i;
                    };
                    res[base + i * ow + j] = data[base + src];
                }
            }
        }
        return new SpatialImage(channels, out, res);
    }

    /**
     * torchvision's {@code rotate(img, angle)} with nearest interpolation, no expansion and the image centre as the
     * pivot, on the plane of the last two axes: output pixel centre {@code (x, y)}, taken relative to the centre
     * (y down), reads the source at {@code (cos θ·x − sin θ·y, sin θ·x + cos θ·y)}, rounded half to even as
     * {@code grid_sample} does; pixels from outside the image get {@code fill}. A positive angle turns
     * counter-clockwise as seen, so 90° equals {@link #rot90(int) rot90(1)} on a square plane.
     */
    static SpatialImage rotate(SpatialImage img, double degrees, float fill) {
        int[] size = img.size();
        float[] data = img.data();
        int n = size.length;
        int h = size[n - 2];
        int w = size[n - 1];
        double t = Math.toRadians(degrees);
        double cos = Math.cos(t);
        double sin = Math.sin(t);
        int[] src = new int[h * w];
        for (int i = 0; i < h; i++) {
            double y = i - (h - 1) / 2.0;
            for (int j = 0; j < w; j++) {
                double x = j - (w - 1) / 2.0;
                long sx = (long) Math.rint(cos * x - sin * y + (w - 1) / 2.0);
                long sy = (long) Math.rint(sin * x + cos * y + (h - 1) / 2.0);
                src[i * w + j] = sx < 0 || sx >= w || sy < 0 || sy >= h ? -1 : (int) (sy * w + sx);
            }
        }
        float[] out = new float[data.length];
        for (int base = 0; base < data.length; base += h * w) {
            for (int k = 0; k < h * w; k++) {
                out[base + k] = src[k] < 0 ? fill : data[base + src[k]];
            }
        }
        return new SpatialImage(img.channels(), size, out);
    }
}
