package dev.flemme4j.serving.ort;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where ORT sessions run: {@code cpu}, {@code cuda:N} or {@code auto} (CUDA device 0 when the CUDA build of
 * ONNX Runtime is on the classpath and a GPU answers, else CPU). A CUDA request that cannot be met falls
 * back to CPU with a warning, so the same configuration starts on any host.
 */
public record ExecutionDevice(Kind kind, int cudaDevice) {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionDevice.class);
    private static final Pattern CUDA = Pattern.compile("cuda(?::(\\d+))?");

    public enum Kind { CPU, CUDA, AUTO }

    public static final ExecutionDevice CPU_DEVICE = new ExecutionDevice(Kind.CPU, 0);

    public static ExecutionDevice parse(String text) {
        String t = text == null ? "cpu" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("cpu")) {
            return CPU_DEVICE;
        }
        if (t.equals("auto")) {
            return new ExecutionDevice(Kind.AUTO, 0);
        }
        Matcher m = CUDA.matcher(t);
        if (m.matches()) {
            return new ExecutionDevice(Kind.CUDA, m.group(1) == null ? 0 : Integer.parseInt(m.group(1)));
        }
        throw new IllegalArgumentException("Invalid value '" + text + "' for device: expected cpu, cuda:N or auto");
    }

    /**
     * Adds the execution provider to {@code options} and returns the one that will run ("CUDA:0" or "CPU").
     * CPU is always there as ORT's fallback provider, so only CUDA needs adding.
     */
    public String configure(OrtSession.SessionOptions options, String modelName) {
        if (kind == Kind.CPU) {
            LOG.info("model {}: running on CPU execution provider", modelName);
            return "CPU";
        }
        String why;
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            why = "this ONNX Runtime build has no CUDA provider (build with -Pgpu for onnxruntime_gpu)";
        } else {
            try {
                options.addCUDA(cudaDevice);
                LOG.info("model {}: running on CUDA execution provider, device {}", modelName, cudaDevice);
                return "CUDA:" + cudaDevice;
            } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                why = "CUDA provider failed to start: " + e.getMessage();
            }
        }
        if (kind == Kind.CUDA) {
            LOG.warn("model {}: device cuda:{} requested but {}; running on CPU execution provider", modelName, cudaDevice, why);
        } else {
            LOG.info("model {}: device auto: {}; running on CPU execution provider", modelName, why);
        }
        return "CPU";
    }

    @Override
    public String toString() {
        return switch (kind) {
            case CPU -> "cpu";
            case AUTO -> "auto";
            case CUDA -> "cuda:" + cudaDevice;
        };
    }
}
