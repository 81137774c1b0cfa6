package dev.flemme4j.cli.doctor;

import ai.djl.engine.Engine;
import ai.onnxruntime.OrtEnvironment;
import dev.flemme4j.modelzoo.ModelFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The training and serving engines as this process loads them: DJL and its PyTorch (which loads the natives, a
 * few seconds the first time), the devices PyTorch sees, and ONNX Runtime with its execution providers. A
 * failure to load is reported as a line, not thrown: that is what a doctor is for.
 */
public final class EngineFacts {
    private EngineFacts() {
    }

    /** Lines for the {@code engine} section. */
    public static List<String> engines(String nativeJars) {
        List<String> lines = new ArrayList<>();
        try {
            Engine pt = Engine.getEngine(ModelFactory.ENGINE);
            lines.add("DJL " + Engine.getDjlVersion() + ", PyTorch " + pt.getVersion() + " (" + nativeJars + ")");
        } catch (RuntimeException | LinkageError e) {
            lines.add("DJL " + Engine.getDjlVersion() + ", PyTorch failed to load: " + e.getMessage());
        }
        lines.add("DJL cache (natives unpacked there): " + System.getProperty("DJL_CACHE_DIR",
                System.getenv().getOrDefault("DJL_CACHE_DIR", "~/.djl.ai")));
        try {
            lines.add("ONNX Runtime " + OrtEnvironment.getEnvironment().getVersion() + " (execution providers: "
                    + OrtEnvironment.getAvailableProviders() + ")");
        } catch (RuntimeException | LinkageError e) {
            lines.add("ONNX Runtime failed to load: " + e.getMessage());
        }
        return lines;
    }

    /** Lines for the {@code devices} section: always the CPU, and the GPUs PyTorch can use. */
    public static List<String> devices() {
        try {
            Engine pt = Engine.getEngine(ModelFactory.ENGINE);
            int gpus = pt.getGpuCount();
            return List.of("cpu: " + Runtime.getRuntime().availableProcessors() + " processors available to the JVM",
                    gpus == 0 ? "CUDA: no GPU visible to PyTorch (training runs on the CPU)"
                            : "CUDA: " + gpus + " GPU(s); `--device auto` trains on " + pt.defaultDevice());
        } catch (RuntimeException | LinkageError e) {
            return List.of("cpu", "CUDA: unknown (PyTorch did not load)");
        }
    }
}
