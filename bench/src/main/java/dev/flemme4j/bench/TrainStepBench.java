package dev.flemme4j.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import dev.flemme4j.modelzoo.FlemmeModel;
import dev.flemme4j.modelzoo.ModelFactory;
import dev.flemme4j.modelzoo.ModelSpec;
import dev.flemme4j.modelzoo.ModelSpecs;
import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.config.YamlDocument;
import dev.flemme4j.protocol.spec.OptimizerSpec;
import dev.flemme4j.worker.training.BenchAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Times flemme4j's DJL training step exactly as the worker runs it ({@code TrainingRun.trainStep}: sub-manager
 * per step, {@code Gradients.zero}, trainer forward, loss, backward, {@code TorchAdam} via {@code trainer.step()}),
 * on synthetic data, CPU, fixed seed. Prints one JSON object per line on stdout for bench/python/summarize.py.
 *
 * <pre>
 * modes:  step    warm-up + timed training steps, with forward/loss/backward/update split and a leak check
 *         layers  micro-benchmarks: polyphase ConvTranspose vs its bare convolution vs a minimal-FLOP variant,
 *                 the loss alone, and the cost of one tiny JNI op
 * </pre>
 */
public final class TrainStepBench {
    private TrainStepBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = parseArgs(args);
        String mode = a.getOrDefault("mode", "step");
        int threads = intArg(a, "threads", 2);
        int warmup = intArg(a, "warmup", 3);
        int steps = intArg(a, "steps", 10);
        int batch = intArg(a, "batch", 16);
        long seed = Long.parseLong(a.getOrDefault("seed", "0"));
        String label = a.getOrDefault("label", "djl");
        // must precede the first Engine use: DJL 0.28's PtEngine reads these when it loads libtorch
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Engine engine = Engine.getEngine(ModelFactory.ENGINE);
        engine.setRandomSeed((int) seed);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("kind", "info");
        info.put("side", label);
        info.put("engine", engine.getEngineName() + " " + engine.getVersion());
        info.put("intra_op_threads", JniUtils.getNumThreads());
        info.put("inter_op_threads", JniUtils.getNumInteropThreads());
        info.put("onednn_max_cpu_isa", System.getenv().getOrDefault("ONEDNN_MAX_CPU_ISA", "default"));
        emit(info);
        switch (mode) {
            case "step" -> stepBench(a.getOrDefault("config", "configs/sem-unet-reference.yaml"), warmup, steps, batch, seed, label,
                    a.getOrDefault("adam", "worker"));
            case "layers" -> LayerBench.run(warmup, steps, batch, label);
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    // ------------------------------------------------------------------ full training step

    private static void stepBench(String configPath, int warmup, int steps, int batch, long seed, String label,
            String adamKind) throws Exception {
        ModelSpec spec = ModelSpecs.parse(modelSection(Files.readString(Path.of(configPath))));
        Device cpu = Device.cpu();
        OptimizerSpec adam = new OptimizerSpec("Adam", 1e-3, 0, 0.9, 0.999, 1e-8, 0);
        try (FlemmeModel model = ModelFactory.create(spec, cpu)) {
            long[] in = model.inputShape(batch).getShape();
            long[] out = model.outputShape(batch).getShape();
            DefaultTrainingConfig config = new DefaultTrainingConfig(model.trainingLoss())
                    .optOptimizer(adamKind.equals("djl")
                            ? ai.djl.training.optimizer.Optimizer.adam()
                                    .optLearningRateTracker(ai.djl.training.tracker.Tracker.fixed(1e-3f)).build()
                            : BenchAccess.torchAdam(adam))
                    .optDevices(new Device[] {cpu});
            // a few fixed synthetic batches, made once (data loading is not what we time)
            Random rnd = new Random(seed);
            int pool = 4;
            List<float[]> xs = new ArrayList<>();
            List<float[]> ys = new ArrayList<>();
            int nIn = (int) new Shape(in).size();
            int nOut = (int) new Shape(out).size();
            for (int i = 0; i < pool; i++) {
                float[] x = new float[nIn];
                float[] y = new float[nOut];
                for (int j = 0; j < nIn; j++) {
                    x[j] = (float) rnd.nextGaussian();
                }
                for (int j = 0; j < nOut; j++) {
                    y[j] = rnd.nextBoolean() ? 1f : 0f;
                }
                xs.add(x);
                ys.add(y);
            }
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("kind", "model");
            meta.put("side", label);
            meta.put("parameters", model.parameterCount());
            meta.put("input", in);
            meta.put("adam", adamKind);
            emit(meta);
            NDManager modelManager = model.djlModel().getNDManager();
            try (Trainer trainer = model.djlModel().newTrainer(config)) {
                long arraysBefore = 0;
                double rssBefore = 0;
                for (int i = 0; i < warmup + steps; i++) {
                    if (i == warmup) {
                        arraysBefore = countArrays(modelManager);
                        rssBefore = rssMiB();
                    }
                    double[] t = trainStep(trainer, model, cpu, xs.get(i % pool), ys.get(i % pool), in, out, i == warmup);
                    if (i >= warmup) {
                        Map<String, Object> r = new LinkedHashMap<>();
                        r.put("kind", "step");
                        r.put("side", label);
                        r.put("i", i - warmup);
                        r.put("total_ms", t[0]);
                        r.put("zero_grad_ms", t[1]);
                        r.put("forward_ms", t[2]);
                        r.put("loss_ms", t[3]);
                        r.put("backward_ms", t[4]);
                        r.put("update_ms", t[5]);
                        r.put("cpu_ms", t[7]);
                        r.put("loss", t[6]);
                        emit(r);
                    }
                }
                Map<String, Object> leak = new LinkedHashMap<>();
                leak.put("kind", "leak");
                leak.put("side", label);
                leak.put("model_manager_arrays_before", arraysBefore);
                leak.put("model_manager_arrays_after", countArrays(modelManager));
                leak.put("steps", steps);
                leak.put("rss_mib_before", rssBefore);
                leak.put("rss_mib_after", rssMiB());
                emit(leak);
            }
        }
    }

    /** TrainingRun.trainStep, instrumented: {total, zero, forward, loss, backward, update, loss value}. */
    private static double[] trainStep(Trainer trainer, FlemmeModel model, Device device, float[] xs, float[] ys, long[] in, long[] out,
            boolean countOps) {
        double[] r = new double[8];
        double cpu0 = processCpuMs();
        long t0 = System.nanoTime();
        long t1;
        long t2;
        long t3;
        long t4;
        try (NDManager scope = trainer.getManager().newSubManager(device)) {
            NDArray x = scope.create(xs, new Shape(in));
            NDArray y = scope.create(ys, new Shape(out));
            BenchAccess.zeroGradients(trainer);
            t1 = System.nanoTime();
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDList pred = trainer.forward(new NDList(x));
                t2 = System.nanoTime();
                int afterForward = scope.getManagedArrays().size();
                NDArray l = trainer.getLoss().evaluate(model.lossLabels(x, y), pred);
                t3 = System.nanoTime();
                if (countOps) {
                    Map<String, Object> ops = new LinkedHashMap<>();
                    ops.put("kind", "ops");
                    ops.put("side", "djl");
                    ops.put("arrays_after_forward", afterForward - 2);
                    ops.put("arrays_after_loss", scope.getManagedArrays().size() - 2);
                    emit(ops);
                }
                gc.backward(l);
                r[6] = l.getFloat();
                t4 = System.nanoTime();
            }
            trainer.step();
        }
        long t5 = System.nanoTime();
        r[7] = processCpuMs() - cpu0;
        r[0] = ms(t5 - t0);
        r[1] = ms(t1 - t0);
        r[2] = ms(t2 - t1);
        r[3] = ms(t3 - t2);
        r[4] = ms(t4 - t3);
        r[5] = ms(t5 - t4);
        return r;
    }

    // ------------------------------------------------------------------ helpers

    static ConfigNode modelSection(String yaml) {
        ConfigNode root = YamlDocument.parse(yaml);
        return root.has("model") ? root.requireNode("model") : new ConfigNode("model", root.raw());
    }

    private static long countArrays(NDManager m) {
        return m.getManagedArrays().size();
    }

    /** User + system CPU time of the whole process (all libtorch threads), 10 ms resolution. */
    private static double processCpuMs() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields 14 and 15 of proc(5), counted from the state field (3)
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10.0;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    private static double rssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return Double.NaN;
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(Double::compare);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** The integer argument {@code --key=N}, or {@code dflt}. */
    static int intArg(Map<String, String> a, String key, int dflt) {
        String v = a.get(key);
        return v == null ? dflt : Integer.parseInt(v);
    }

    static Map<String, String> parseArgs(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("arguments are --key=value, got " + arg);
            }
            out.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return out;
    }

    static void emit(Map<String, Object> fields) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append('"').append(e.getKey()).append("\": ").append(json(e.getValue()));
        }
        System.out.println(sb.append('}'));
        System.out.flush();
    }

    private static String json(Object v) {
        if (v instanceof String s) {
            return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        if (v instanceof long[] arr) {
            return java.util.Arrays.toString(arr);
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) ? String.format(Locale.ROOT, "%.4f", d) : "null";
        }
        if (v instanceof Float f) {
            return Float.isFinite(f) ? String.format(Locale.ROOT, "%.3e", f) : "null";
        }
        return String.valueOf(v);
    }
}
