package dev.flemme4j.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import dev.flemme4j.modelzoo.block.conv.TransposedConvolution;

/**
 * Experiment (not model-zoo code): the 2-D ConvTranspose(k=4, s=2, p=1) of {@link TransposedConvolution} with
 * the minimal number of multiply-adds. Each output phase (r_h, r_w) only uses a 2×2 sub-kernel; the model-zoo
 * block aligns all four in one common 3×3 kernel (zero-padded), which costs 36 instead of 16 taps per input
 * pixel. Here one 2×2 convolution with 4·C_out outputs runs on the input padded by 1 ((L+1)² outputs), and
 * phase (r_h, r_w) keeps the window starting at (r_h, r_w). Shares the block's weight and bias parameters.
 *
 * <p>Per axis, phase 0 reads taps {3, 1} and phase 1 taps {2, 0} of the PyTorch weight at packed positions
 * {0, 1} (general rule: phase r, packed position j ↔ tap t = first_r + (n_r − 1 − j)·s, first_r = (r+p) mod s).
 */
final class PolyphaseK2 {
    private static final int[][] TAP = {{3, 1}, {2, 0}};
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;
    private final float[] selection = new float[16 * 16];

    PolyphaseK2(int in, int out, TransposedConvolution block) {
        this.in = in;
        this.out = out;
        this.weight = block.getParameters().get("weight");
        this.bias = block.getParameters().get("bias");
        for (int rh = 0; rh < 2; rh++) {
            for (int rw = 0; rw < 2; rw++) {
                for (int jh = 0; jh < 2; jh++) {
                    for (int jw = 0; jw < 2; jw++) {
                        int tap = TAP[rh][jh] * 4 + TAP[rw][jw];
                        int col = (rh * 2 + rw) * 4 + jh * 2 + jw;
                        selection[tap * 16 + col] = 1f;
                    }
                }
            }
        }
    }

    NDArray forward(ParameterStore ps, NDArray x) {
        NDManager scope = x.getManager();
        NDArray w = ps.getValue(weight, x.getDevice(), true);
        long b = x.getShape().get(0);
        long l = x.getShape().get(2);
        NDArray sel = scope.create(selection, new Shape(16, 16));
        // keep every per-step array in the caller's scope (an op's result joins its first operand's manager)
        NDArray w2 = w.reshape((long) in * out, 16);
        w2.attach(scope);
        NDArray packed = w2.matMul(sel)                 // (in·out, phase·pos)
                .reshape(in, out, 4, 4)
                .transpose(2, 1, 0, 3)                   // (phase, out, in, pos)
                .reshape(4L * out, in, 2, 2);
        NDArray y = Conv2d.conv2d(x, packed, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).singletonOrThrow();
        NDList phases = new NDList(4);
        for (int rh = 0; rh < 2; rh++) {
            for (int rw = 0; rw < 2; rw++) {
                int p = rh * 2 + rw;
                phases.add(y.get(new NDIndex(":, " + (p * out) + ":" + ((p + 1) * out) + ", " + rh + ":" + (rh + l) + ", "
                        + rw + ":" + (rw + l))));
            }
        }
        NDArray z = NDArrays.stack(phases, 2)             // (B, out, phase, L, L)
                .reshape(b, out, 2, 2, l, l)
                .transpose(0, 1, 4, 2, 5, 3)
                .reshape(b, out, 2 * l, 2 * l);
        NDArray bv = ps.getValue(bias, x.getDevice(), true).reshape(1, out, 1, 1);
        bv.attach(scope);
        return z.add(bv);
    }

    private static final class NDArrays {
        static NDArray stack(NDList list, int axis) {
            return ai.djl.ndarray.NDArrays.stack(list, axis);
        }
    }
}
