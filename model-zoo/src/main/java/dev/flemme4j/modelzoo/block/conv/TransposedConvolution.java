package dev.flemme4j.modelzoo.block.conv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.onnx.OnnxAttribute;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.List;

/**
 * PyTorch ConvTransposeNd (groups 1, dilation 1, no output padding): {@code (B, in, *L) → (B, out, *L')} with
 * {@code L' = (L - 1)·s - 2p + k}; weight {@code (in, out, k, ..., k)} exactly as PyTorch stores it, bias
 * {@code (out)}.
 *
 * <p>DJL's PyTorch engine has no transposed convolution, so this computes the polyphase form: output position
 * {@code o = q·s + r} only receives kernel taps {@code t ≡ (r + p) mod s}, so each of the {@code s^d} phases
 * is an ordinary stride-1 convolution of the input with a flipped sub-kernel. All phases are packed into one
 * convolution with {@code out·s^d} output channels (sub-kernels placed at aligned offsets of a common kernel
 * of size K'), then interleaved back into space (depth-to-space). The packed kernel is a fixed 0/1 linear map
 * of the weight (one matmul), so gradients reach the PyTorch-shaped weight directly.
 */
public final class TransposedConvolution extends NetworkBlock {
    private final int dims;
    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final Parameter weight;
    private final Parameter bias;
    /** Common kernel size of the packed phase convolution. */
    private final int packedKernel;
    /** Symmetric input padding of the packed convolution and where its valid output starts. */
    private final int packedPadding;
    private final int cropStart;
    /** (k^d, s^d · K'^d) map from weight taps to packed-kernel entries. */
    private final float[] tapSelection;

    public TransposedConvolution(int dims, int inChannels, int outChannels, int kernel, int stride, int padding, boolean bias) {
        if (kernel - 2 * padding != stride) {
            // the depth-to-space step assumes each phase yields exactly L outputs, i.e. L' = L·s
            throw new IllegalArgumentException("only size-multiplying transposed convolutions (k - 2p == s) are supported, got k="
                    + kernel + " s=" + stride + " p=" + padding);
        }
        this.dims = dims;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        long[] w = new long[2 + dims];
        w[0] = inChannels;
        w[1] = outChannels;
        for (int i = 0; i < dims; i++) {
            w[2 + i] = kernel;
        }
        // PyTorch takes fan_in of a transposed conv from weight.size(1) × receptive field
        float bound = (float) (1.0 / Math.sqrt(outChannels * Math.pow(kernel, dims)));
        this.weight = addParameter(parameter("weight", Parameter.Type.WEIGHT, new Shape(w), new UniformInitializer(bound), true));
        this.bias = bias
                ? addParameter(parameter("bias", Parameter.Type.BIAS, new Shape(outChannels), new UniformInitializer(bound), true))
                : null;

        PhaseLayout layout = PhaseLayout.of(kernel, stride, padding);
        this.packedKernel = layout.packedKernel;
        this.packedPadding = Math.max(layout.leftPad, layout.rightPad);
        this.cropStart = packedPadding - layout.leftPad;
        this.tapSelection = selection(layout, dims, kernel, stride);
    }

    /** Upstream's up-sampling by {@code s}: kernel {@code 2s - s%2}, stride s, padding s/2, so L' = L·s. */
    public static TransposedConvolution upsampling(int dims, int in, int out, int scale) {
        return new TransposedConvolution(dims, in, out, 2 * scale - scale % 2, scale, scale / 2, true);
    }

    /** Where each 1-D tap lands: its phase r and its position in the packed kernel. */
    private record PhaseLayout(int[] tapPhase, int[] tapPosition, int leftPad, int rightPad, int packedKernel) {
        static PhaseLayout of(int k, int s, int p) {
            int[] carry = new int[s];
            int[] taps = new int[s];
            for (int r = 0; r < s; r++) {
                carry[r] = Math.floorDiv(r + p, s);
                int first = Math.floorMod(r + p, s);
                taps[r] = first >= k ? 0 : (k - first + s - 1) / s;
            }
            int left = 0;
            int right = 0;
            for (int r = 0; r < s; r++) {
                left = Math.max(left, taps[r] - 1 - carry[r]);
                right = Math.max(right, carry[r]);
            }
            int[] phase = new int[k];
            int[] position = new int[k];
            for (int t = 0; t < k; t++) {
                int r = Math.floorMod(t - p, s);
                phase[t] = r;
                // tap t = first + m·s is read at packed offset carry + left - m (the sub-kernel is flipped)
                position[t] = carry[r] + left - t / s;
            }
            return new PhaseLayout(phase, position, left, right, left + right + 1);
        }
    }

    private static float[] selection(PhaseLayout l, int dims, int k, int s) {
        int taps = (int) Math.pow(k, dims);
        int phases = (int) Math.pow(s, dims);
        int packed = (int) Math.pow(l.packedKernel, dims);
        float[] sel = new float[taps * phases * packed];
        int[] digits = new int[dims];
        for (int tap = 0; tap < taps; tap++) {
            int rem = tap;
            for (int d = dims - 1; d >= 0; d--) {
                digits[d] = rem % k;
                rem /= k;
            }
            int phase = 0;
            int position = 0;
            for (int d = 0; d < dims; d++) {
                phase = phase * s + l.tapPhase[digits[d]];
                position = position * l.packedKernel + l.tapPosition[digits[d]];
            }
            sel[tap * phases * packed + phase * packed + position] = 1f;
        }
        return sel;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        int taps = (int) Math.pow(kernel, dims);
        int phases = (int) Math.pow(stride, dims);
        int packed = (int) Math.pow(packedKernel, dims);

        NDArray selection = x.getManager().create(tapSelection, new Shape(taps, (long) phases * packed)).toDevice(x.getDevice(), false);
        long[] packedShape = new long[2 + dims];
        packedShape[0] = (long) outChannels * phases;
        packedShape[1] = inChannels;
        for (int i = 0; i < dims; i++) {
            packedShape[2 + i] = packedKernel;
        }
        NDArray packedWeight = stepScoped(w.reshape((long) inChannels * outChannels, taps), x).matMul(selection)
                .reshape(inChannels, outChannels, phases, packed)
                .transpose(1, 2, 0, 3)
                .reshape(new Shape(packedShape));
        NDArray y = SpatialConvolution.convolve(dims, x, packedWeight, null, 1, packedPadding, 1);
        y = crop(y, x.getShape());
        y = depthToSpace(y, x.getShape());
        if (bias != null) {
            y = y.add(stepScoped(ps.getValue(bias, x.getDevice(), training).reshape(channelBroadcast(outChannels, 2 + dims)), x));
        }
        return new NDList(y);
    }

    private NDArray crop(NDArray y, Shape in) {
        if (cropStart == 0 && y.getShape().get(2) == in.get(2)) {
            return y;
        }
        StringBuilder index = new StringBuilder(":, :");
        for (int i = 0; i < dims; i++) {
            index.append(", ").append(cropStart).append(':').append(cropStart + in.get(2 + i));
        }
        return y.get(new NDIndex(index.toString()));
    }

    /** (B, out·s^d, *L) → (B, out, *(L·s)): channel index o·s^d + phase becomes the phase offsets in space. */
    private NDArray depthToSpace(NDArray y, Shape in) {
        long batch = y.getShape().get(0);
        long[] split = new long[2 + 2 * dims];
        split[0] = batch;
        split[1] = outChannels;
        for (int i = 0; i < dims; i++) {
            split[2 + i] = stride;
            split[2 + dims + i] = in.get(2 + i);
        }
        int[] order = new int[2 + 2 * dims];
        order[0] = 0;
        order[1] = 1;
        for (int i = 0; i < dims; i++) {
            order[2 + 2 * i] = 2 + dims + i;
            order[3 + 2 * i] = 2 + i;
        }
        long[] merged = new long[2 + dims];
        merged[0] = batch;
        merged[1] = outChannels;
        for (int i = 0; i < dims; i++) {
            merged[2 + i] = in.get(2 + i) * stride;
        }
        return y.reshape(new Shape(split)).transpose(order).reshape(new Shape(merged));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long[] out = in.getShape().clone();
        out[1] = outChannels;
        for (int i = 2; i < out.length; i++) {
            out[i] = (in.get(i) - 1) * stride - 2L * padding + kernel;
        }
        return new Shape[] {new Shape(out)};
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        List<String> in = new java.util.ArrayList<>(List.of(input, g.initializer("convtranspose.weight", weight.getArray())));
        if (bias != null) {
            in.add(g.initializer("convtranspose.bias", bias.getArray()));
        }
        return g.node("ConvTranspose", in,
                OnnxAttribute.repeated("kernel_shape", kernel, dims),
                OnnxAttribute.repeated("strides", stride, dims),
                OnnxAttribute.repeated("pads", padding, 2 * dims));
    }

    @Override
    public String description() {
        return "ConvTranspose" + dims + "d(" + inChannels + "→" + outChannels + ", k=" + kernel + ", s=" + stride
                + ", p=" + padding + (bias == null ? ", no bias" : "") + ")";
    }
}
