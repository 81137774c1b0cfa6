package dev.flemme4j.serving;

import dev.flemme4j.protocol.model.ModelManifest;
import dev.flemme4j.protocol.model.Postprocessing;
import dev.flemme4j.protocol.model.Task;
import dev.flemme4j.protocol.model.TensorSpec;
import dev.flemme4j.protocol.tensor.DType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A one-Conv segmentation model of any spatial rank (2D or 3D): one input channel, K output channels, kernel 3
 * on every axis, zero padding 1, seeded random weights; input {@code [N, 1, *window]}. {@link #reference} is
 * the same convolution written as plain loops.
 */
public final class ConvModel {

    public final int[] window;
    public final int classes;
    public final float[] kernel; // (K, 1, 3, ..., 3)
    public final float[] bias; // (K)

    public ConvModel(int[] window, int classes, long seed) {
        this.window = window.clone();
        this.classes = classes;
        Random r = new Random(seed);
        int taps = (int) Math.pow(3, window.length);
        kernel = new float[classes * taps];
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] = (float) r.nextGaussian() * 0.3f;
        }
        bias = new float[classes];
        for (int k = 0; k < classes; k++) {
            bias[k] = (float) r.nextGaussian() * 0.1f;
        }
    }

    public byte[] toBytes() {
        int d = window.length;
        long[] ks = new long[d];
        long[] pads = new long[2 * d];
        java.util.Arrays.fill(ks, 3);
        java.util.Arrays.fill(pads, 1);
        long[] wDims = new long[d + 2];
        wDims[0] = classes;
        wDims[1] = 1;
        for (int a = 0; a < d; a++) {
            wDims[a + 2] = 3;
        }
        long[] in = new long[d + 2];
        long[] out = new long[d + 2];
        in[0] = -1;
        out[0] = -1;
        in[1] = 1;
        out[1] = classes;
        for (int a = 0; a < d; a++) {
            in[a + 2] = window[a];
            out[a + 2] = window[a];
        }
        byte[] conv = OnnxProto.node("Conv", List.of("input", "W", "B"), "seg_logits",
                OnnxProto.intsAttribute("kernel_shape", ks), OnnxProto.intsAttribute("pads", pads));
        return OnnxProto.model(OnnxProto.graph("conv" + d + "d", List.of(conv),
                List.of(OnnxProto.floatTensor("W", kernel, wDims), OnnxProto.floatTensor("B", bias, classes)),
                OnnxProto.valueInfo("input", in), OnnxProto.valueInfo("seg_logits", out)));
    }

    public ModelManifest write(Path dir, String name, int version) {
        List<Long> in = new ArrayList<>(List.of(-1L, 1L));
        List<Long> out = new ArrayList<>(List.of(-1L, (long) classes));
        for (int w : window) {
            in.add((long) w);
            out.add((long) w);
        }
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve("model.onnx"), toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ModelManifest m = ModelManifest.builder().setName(name).optVersion(version).setArchitecture("SeM").setTask(Task.SEGMENT)
                .setInputs(new TensorSpec("input", DType.FLOAT32, in))
                .setOutputs(new TensorSpec("seg_logits", DType.FLOAT32, out))
                .optPostprocessing(classes == 1 ? Postprocessing.sigmoidThreshold(0.5) : Postprocessing.argmax())
                .optJobId("job-test").setSha256Of(dir.resolve("model.onnx"))
                .optCreatedAt(Instant.parse("2026-11-26T00:00:00Z")).build();
        m.write(dir);
        return m;
    }

    /**
     * The convolution on one (1, *size) sample, any size, zero outside it: (K, *size), row-major. 2D and 3D only.
     */
    public double[] reference(float[] x, int[] size) {
        int d = size.length;
        int plane = 1;
        for (int s : size) {
            plane *= s;
        }
        double[] y = new double[classes * plane];
        int depth = d == 3 ? size[0] : 1, h = size[d - 2], w = size[d - 1];
        for (int k = 0; k < classes; k++) {
            for (int z = 0; z < depth; z++) {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        double sum = bias[k];
                        for (int dz = (d == 3 ? -1 : 0); dz <= (d == 3 ? 1 : 0); dz++) {
                            for (int di = -1; di <= 1; di++) {
                                for (int dj = -1; dj <= 1; dj++) {
                                    int zz = z + dz, ii = i + di, jj = j + dj;
                                    if (zz < 0 || zz >= depth || ii < 0 || ii >= h || jj < 0 || jj >= w) {
                                        continue;
                                    }
                                    int tap = d == 3 ? ((dz + 1) * 9 + (di + 1) * 3 + dj + 1) : ((di + 1) * 3 + dj + 1);
                                    int taps = d == 3 ? 27 : 9;
                                    sum += kernel[k * taps + tap] * x[(zz * h + ii) * w + jj];
                                }
                            }
                        }
                        y[k * plane + (z * h + i) * w + j] = sum;
                    }
                }
            }
        }
        return y;
    }
}
