package dev.flemme4j.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits model-zoo's polyphase ConvTranspose2d(k4, s2, p1) into its steps (weight packing matmul, permute copy,
 * packed 3×3 conv, depth-to-space, bias) and times each, forward and forward+backward, batch 16.
 * {@code java ... dev.flemme4j.bench.ConvTProfile [threads]}.
 */
public final class ConvTProfile {
    private ConvTProfile() {
    }

    public static void main(String[] args) {
        String threads = args.length > 0 ? args[0] : "1";
        System.setProperty("ai.djl.pytorch.num_threads", threads);
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        int[][] ups = {{256, 8}, {128, 16}, {64, 32}};
        try (NDManager root = NDManager.newBaseManager("PyTorch")) {
            for (int[] u : ups) {
                int c = u[0];
                long l = u[1];
                NDArray w = root.randomUniform(-0.01f, 0.01f, new Shape(c, c, 4, 4));
                w.setRequiresGradient(true);
                NDArray sel = root.randomUniform(0, 1, new Shape(16, 36)).gt(0.9f).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
                List<double[]> rows = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    try (NDManager m = root.newSubManager()) {
                        NDArray x = m.randomNormal(new Shape(16, c, l, l));
                        x.setRequiresGradient(true);
                        double[] t = new double[6];
                        long t0 = System.nanoTime();
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray w2 = w.reshape((long) c * c, 16);
                            w2.attach(m);
                            NDArray pm = w2.matMul(sel);
                            long t1 = System.nanoTime();
                            NDArray pw = pm.reshape(c, c, 4, 9).transpose(1, 2, 0, 3).reshape(4L * c, c, 3, 3);
                            long t2 = System.nanoTime();
                            NDArray y = Conv2d.conv2d(x, pw, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).singletonOrThrow();
                            long t3 = System.nanoTime();
                            NDArray z = y.reshape(16, c, 2, 2, l, l).transpose(0, 1, 4, 2, 5, 3).reshape(16, c, 2 * l, 2 * l);
                            long t4 = System.nanoTime();
                            NDArray s = z.sum();
                            long t5 = System.nanoTime();
                            gc.backward(s);
                            long t6 = System.nanoTime();
                            t[0] = (t1 - t0) / 1e6;
                            t[1] = (t2 - t1) / 1e6;
                            t[2] = (t3 - t2) / 1e6;
                            t[3] = (t4 - t3) / 1e6;
                            t[4] = (t5 - t4) / 1e6;
                            t[5] = (t6 - t5) / 1e6;
                        }
                        if (i >= 3) {
                            rows.add(t);
                        }
                    }
                }
                String[] names = {"pack matmul", "permute copy", "conv 3x3 c->4c", "depth-to-space", "sum", "backward(all)"};
                StringBuilder sb = new StringBuilder(String.format("C=%d L=%d:", c, l));
                for (int k = 0; k < names.length; k++) {
                    List<Double> v = new ArrayList<>();
                    for (double[] r : rows) {
                        v.add(r[k]);
                    }
                    sb.append(String.format("  %s %.2f", names[k], TrainStepBench.median(v)));
                }
                System.out.println(sb);
            }
        }
    }
}
