package dev.flemme4j.modelzoo.block.conv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.pooling.Pool;
import java.util.Arrays;

/**
 * The one place where a spatial dimension count picks the DJL operator (conv and pooling in 1D/2D/3D), so
 * blocks are written once for any dimension.
 */
public final class SpatialConvolution {
    private SpatialConvolution() {
    }

    public static NDArray convolve(int dims, NDArray x, NDArray weight, NDArray bias, int stride, int padding, int groups) {
        Shape s = same(dims, stride);
        Shape p = same(dims, padding);
        Shape d = same(dims, 1);
        return switch (dims) {
            case 1 -> Conv1d.conv1d(x, weight, bias, s, p, d, groups).singletonOrThrow();
            case 2 -> Conv2d.conv2d(x, weight, bias, s, p, d, groups).singletonOrThrow();
            case 3 -> Conv3d.conv3d(x, weight, bias, s, p, d, groups).singletonOrThrow();
            default -> throw new IllegalArgumentException("unsupported spatial dims " + dims);
        };
    }

    static NDArray maxPool(int dims, NDArray x, int size) {
        Shape k = same(dims, size);
        Shape zero = same(dims, 0);
        return switch (dims) {
            case 1 -> Pool.maxPool1d(x, k, k, zero, false);
            case 2 -> Pool.maxPool2d(x, k, k, zero, false);
            case 3 -> Pool.maxPool3d(x, k, k, zero, false);
            default -> throw new IllegalArgumentException("unsupported spatial dims " + dims);
        };
    }

    static NDArray avgPool(int dims, NDArray x, int size) {
        Shape k = same(dims, size);
        Shape zero = same(dims, 0);
        return switch (dims) {
            case 1 -> Pool.avgPool1d(x, k, k, zero, false, true);
            case 2 -> Pool.avgPool2d(x, k, k, zero, false, true);
            case 3 -> Pool.avgPool3d(x, k, k, zero, false, true);
            default -> throw new IllegalArgumentException("unsupported spatial dims " + dims);
        };
    }

    static Shape same(int dims, long value) {
        long[] v = new long[dims];
        Arrays.fill(v, value);
        return new Shape(v);
    }

    /** Output length of a convolution along one axis. */
    static long outputLength(long length, int kernel, int stride, int padding) {
        return (length + 2L * padding - kernel) / stride + 1;
    }
}
