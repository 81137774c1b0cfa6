package dev.flemme4j.worker.kernels;

/**
 * One convolution shape of the check: {@code (batch, in, [size,] size, size) → (batch, out, ...)}, a cubic or
 * square kernel, the same stride and zero padding on every spatial axis, one group, with bias. A 2D case is held
 * as a 3D one of depth 1 so the reference is written once.
 */
record ConvolutionCase(int dims, int batch, int in, int out, int size, int kernel, int stride, int padding) {
    ConvolutionCase {
        if (dims != 2 && dims != 3) {
            throw new IllegalArgumentException("dims must be 2 or 3, got " + dims);
        }
        if (outputSize(size, kernel, stride, padding) < 1) {
            throw new IllegalArgumentException("no output for size " + size + ", kernel " + kernel);
        }
    }

    static ConvolutionCase conv2d(int batch, int in, int out, int size, int kernel, int stride) {
        return new ConvolutionCase(2, batch, in, out, size, kernel, stride, kernel / 2);
    }

    static ConvolutionCase conv3d(int batch, int in, int out, int size, int kernel, int stride) {
        return new ConvolutionCase(3, batch, in, out, size, kernel, stride, kernel / 2);
    }

    int depth() {
        return dims == 3 ? size : 1;
    }

    int kernelDepth() {
        return dims == 3 ? kernel : 1;
    }

    int outSize() {
        return outputSize(size, kernel, stride, padding);
    }

    int outDepth() {
        return dims == 3 ? outSize() : 1;
    }

    int inputLength() {
        return batch * in * depth() * size * size;
    }

    int weightLength() {
        return out * in * kernelDepth() * kernel * kernel;
    }

    int outputLength() {
        return batch * out * outDepth() * outSize() * outSize();
    }

    /** Shapes in DJL/PyTorch order: input, weight, output. */
    long[] inputShape() {
        return dims == 3 ? new long[] {batch, in, size, size, size} : new long[] {batch, in, size, size};
    }

    long[] weightShape() {
        return dims == 3 ? new long[] {out, in, kernel, kernel, kernel} : new long[] {out, in, kernel, kernel};
    }

    long[] outputShape() {
        int o = outSize();
        return dims == 3 ? new long[] {batch, out, o, o, o} : new long[] {batch, out, o, o};
    }

    /** Products summed per output value; float32 rounding grows with it. */
    int forwardTerms() {
        return in * kernelDepth() * kernel * kernel;
    }

    /** Products summed per weight gradient value (at most, with padding fewer). */
    int weightGradientTerms() {
        return batch * outDepth() * outSize() * outSize();
    }

    /** Products summed per input gradient value (at most). */
    int inputGradientTerms() {
        return out * kernelDepth() * kernel * kernel;
    }

    @Override
    public String toString() {
        String extent = dims == 3 ? size + "³" : size + "²";
        return "conv" + dims + "d batch " + batch + ", " + in + "→" + out + " channels, " + extent + ", kernel " + kernel
                + ", stride " + stride;
    }

    private static int outputSize(int size, int kernel, int stride, int padding) {
        return (size + 2 * padding - kernel) / stride + 1;
    }
}
