package dev.flemme4j.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.flemme4j.modelzoo.FlemmeModel;
import dev.flemme4j.modelzoo.ModelFactory;
import dev.flemme4j.modelzoo.ModelSpec;
import dev.flemme4j.modelzoo.ModelSpecs;
import dev.flemme4j.modelzoo.block.conv.Convolution;
import dev.flemme4j.modelzoo.block.conv.TransposedConvolution;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link TrainStepBench}'s {@code layers} mode: polyphase ConvTranspose vs its bare convolution vs a minimal-FLOP
 * variant, the loss alone, and the cost of one tiny JNI op, one JSON line each.
 */
final class LayerBench {
    private LayerBench() {
    }

    static void run(int warmup, int reps, int batch, String label) {
        Device cpu = Device.cpu();
        // the three up-samplings of SeM/UNet 64²: (channels, input side)
        int[][] ups = {{256, 8}, {128, 16}, {64, 32}};
        try (NDManager root = NDManager.newBaseManager(cpu, ModelFactory.ENGINE)) {
            for (int[] u : ups) {
                int c = u[0];
                int l = u[1];
                Shape xShape = new Shape(batch, c, l, l);
                // current model-zoo block: one packed 3×3 conv with 4c outputs + crop + depth-to-space
                TransposedConvolution convT = TransposedConvolution.upsampling(2, c, c, 2);
                convT.initialize(root, DataType.FLOAT32, xShape);
                layer(label, "convT_polyphase_k3(model-zoo)", c, l, warmup, reps, root, xShape, (ps, x) ->
                        convT.forward(ps, new NDList(x), true).singletonOrThrow());
                // its bare packed convolution (what the polyphase form costs without the bookkeeping)
                Convolution k3 = new Convolution(2, c, 4 * c, 3, 1, 1, 1, false);
                k3.initialize(root, DataType.FLOAT32, xShape);
                layer(label, "conv_k3_c->4c(bare packed conv)", c, l, warmup, reps, root, xShape, (ps, x) ->
                        k3.forward(ps, new NDList(x), true).singletonOrThrow());
                // experiment: per-phase 2×2 sub-kernels, one conv on the 1-padded input, per-phase crops
                PolyphaseK2 k2 = new PolyphaseK2(c, c, convT);
                layer(label, "convT_polyphase_k2(experiment)", c, l, warmup, reps, root, xShape, (ps, x) -> k2.forward(ps, x));
                Convolution bare2 = new Convolution(2, c, 4 * c, 2, 1, 1, 1, false);
                bare2.initialize(root, DataType.FLOAT32, xShape);
                layer(label, "conv_k2_c->4c(bare minimal conv)", c, l, warmup, reps, root, xShape, (ps, x) ->
                        bare2.forward(ps, new NDList(x), true).singletonOrThrow());
                // equality of the experiment with the model-zoo block
                try (NDManager m = root.newSubManager()) {
                    NDArray x = m.randomNormal(xShape);
                    ParameterStore ps = new ParameterStore(m, false);
                    NDArray a = convT.forward(ps, new NDList(x), false).singletonOrThrow();
                    NDArray b = k2.forward(ps, x);
                    Map<String, Object> eq = new LinkedHashMap<>();
                    eq.put("kind", "check");
                    eq.put("what", "polyphase_k2 vs model-zoo convT, max |diff|");
                    eq.put("c", c);
                    eq.put("l", l);
                    eq.put("value", a.sub(b).abs().max().getFloat());
                    TrainStepBench.emit(eq);
                }
            }
            lossBench(root, warmup, reps, batch, label);
            jniBench(root, label);
        }
    }

    private interface Layer {
        NDArray apply(ParameterStore ps, NDArray x);
    }

    /** Forward and forward+backward times (ms, medians) of one layer on a random input that needs a gradient. */
    private static void layer(String label, String name, int c, int l, int warmup, int reps, NDManager root, Shape xShape,
            Layer f) {
        List<Double> fwd = new ArrayList<>();
        List<Double> fb = new ArrayList<>();
        for (int i = 0; i < warmup + reps; i++) {
            try (NDManager m = root.newSubManager()) {
                NDArray x = m.randomNormal(xShape);
                x.setRequiresGradient(true);
                ParameterStore ps = new ParameterStore(m, false);
                long t0 = System.nanoTime();
                long t1;
                try (GradientCollector gc = Engine.getEngine(ModelFactory.ENGINE).newGradientCollector()) {
                    NDArray y = f.apply(ps, x);
                    t1 = System.nanoTime();
                    NDArray s = y.sum();
                    gc.backward(s);
                }
                long t2 = System.nanoTime();
                if (i >= warmup) {
                    fwd.add(TrainStepBench.ms(t1 - t0));
                    fb.add(TrainStepBench.ms(t2 - t0));
                }
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("kind", "layer");
        r.put("side", label);
        r.put("name", name);
        r.put("c", c);
        r.put("l", l);
        r.put("forward_ms", TrainStepBench.median(fwd));
        r.put("fwd_bwd_ms", TrainStepBench.median(fb));
        TrainStepBench.emit(r);
    }

    private static void lossBench(NDManager root, int warmup, int reps, int batch, String label) {
        ModelSpec spec = ModelSpecs.parse(TrainStepBench.modelSection(
                "model: {name: SeM, encoder: {name: UNet, image_size: [64, 64], in_channel: 1, out_channel: 1,"
                        + " patch_channel: 32, patch_size: 2, down_channels: [64, 128], middle_channels: [256, 256],"
                        + " building_block: single, normalization: batch}, segmentation_losses: [{name: Dice}, {name: BCEL}]}"));
        try (FlemmeModel model = ModelFactory.create(spec, Device.cpu())) {
            var loss = model.trainingLoss();
            Shape s = model.outputShape(batch);
            layer(label, "loss_dice+bcel", 1, 64, warmup, reps, root, s, (ps, x) -> {
                NDArray y = x.getManager().randomUniform(0, 1, s).gt(0.5f).toType(DataType.FLOAT32, false);
                return loss.evaluate(new NDList(y), new NDList(x));
            });
        }
    }

    /** Wall time of one tiny op (1-element add + close): the fixed JNI + dispatch cost per NDArray op. */
    private static void jniBench(NDManager root, String label) {
        try (NDManager m = root.newSubManager()) {
            NDArray a = m.create(new float[] {1f});
            NDArray b = m.create(new float[] {2f});
            int n = 20000;
            for (int i = 0; i < n; i++) {
                a.add(b).close();
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                a.add(b).close();
            }
            double perOp = (System.nanoTime() - t0) / 1e3 / n;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("kind", "tiny_op");
            r.put("side", label);
            r.put("us_per_op", perOp);
            TrainStepBench.emit(r);
        }
    }
}
