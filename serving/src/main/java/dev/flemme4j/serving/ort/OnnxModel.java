package dev.flemme4j.serving.ort;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.flemme4j.protocol.model.ModelManifest;
import dev.flemme4j.protocol.model.TensorSpec;
import dev.flemme4j.protocol.tensor.DType;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecord;
import dev.flemme4j.serving.model.ModelLoadException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded model: its manifest and ORT session.
 *
 * <p>Reference counted so a newer version can replace it while requests are still running on it: the
 * registry holds one reference, each request holds one through a {@link ModelLease}; the session closes
 * when the last reference goes. {@code OrtSession.run} is thread-safe, so leases run concurrently.
 */
public final class OnnxModel {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxModel.class);

    private final ModelManifest manifest;
    private final Path directory;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String provider;
    private final AtomicInteger references = new AtomicInteger(1);
    private final AtomicBoolean retired = new AtomicBoolean();

    private OnnxModel(ModelManifest manifest, Path directory, OrtEnvironment env, OrtSession session, String provider) {
        this.manifest = manifest;
        this.directory = directory;
        this.env = env;
        this.session = session;
        this.provider = provider;
    }

    /** Creates the session from the verified bytes and checks the manifest's input signature against the graph; closes what it opened on failure. */
    public static OnnxModel open(ModelManifest manifest, Path directory, byte[] onnxBytes, OrtEnvironment env, ExecutionDevice device,
            int intraOpThreads) {
        String label = manifest.name() + " v" + manifest.version();
        OrtSession session = null;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // parallelism comes from batching and the batcher's threads; one run never fans out across graph branches
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setInterOpNumThreads(1);
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            String provider = device.configure(options, label);
            // from the bytes that were hashed, so the file cannot change between the check and the load
            session = env.createSession(onnxBytes, options);
            checkSignature(manifest, session, directory);
            return new OnnxModel(manifest, directory, env, session, provider);
        } catch (OrtException e) {
            closeQuietly(session);
            throw new ModelLoadException("ONNX Runtime cannot load " + manifest.onnxPath(directory) + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private static void checkSignature(ModelManifest manifest, OrtSession session, Path directory) throws OrtException {
        Map<String, NodeInfo> graphInputs = session.getInputInfo();
        for (TensorSpec spec : manifest.inputs()) {
            NodeInfo node = graphInputs.get(spec.name());
            if (node == null || !(node.getInfo() instanceof TensorInfo info)) {
                throw new ModelLoadException(directory + ": manifest input '" + spec.name() + "' is not a tensor input of the graph (graph inputs: "
                        + graphInputs.keySet() + ")");
            }
            long[] graphShape = info.getShape();
            boolean compatible = graphShape.length == spec.shape().size();
            for (int i = 0; compatible && i < graphShape.length; i++) {
                long g = graphShape[i];
                long m = spec.shape().get(i);
                compatible = g < 0 || m == g;
            }
            if (!compatible) {
                throw new ModelLoadException(directory + ": manifest input '" + spec.name() + "' shape " + spec.describeShape()
                        + " does not fit the graph's " + Arrays.toString(graphShape));
            }
        }
        for (TensorSpec spec : manifest.outputs()) {
            if (!session.getOutputNames().contains(spec.name())) {
                throw new ModelLoadException(directory + ": manifest output '" + spec.name() + "' is not a graph output (graph outputs: "
                        + session.getOutputNames() + ")");
            }
        }
    }

    public ModelManifest manifest() {
        return manifest;
    }

    public Path directory() {
        return directory;
    }

    /** The execution provider the session runs on, "CPU" or "CUDA:N". */
    public String provider() {
        return provider;
    }

    /**
     * Runs the graph. {@code inputs} are keyed by graph input name; the result holds every manifest output under
     * its graph name. Blocking and CPU/GPU heavy: never call on an event loop.
     */
    public TensorRecord run(Map<String, NamedTensor> inputs) throws OrtException {
        return run(inputs, null);
    }

    /**
     * {@link #run(Map)} that ORT terminates when it is still going after {@code timeout} (null = no limit); the
     * terminated run fails with an {@link OrtException}.
     */
    public TensorRecord run(Map<String, NamedTensor> inputs, Duration timeout) throws OrtException {
        if (timeout == null) {
            return runWith(inputs, null);
        }
        try (OrtSession.RunOptions runOptions = new OrtSession.RunOptions()) {
            ScheduledFuture<?> watchdog = RunWatchdog.terminateAfter(runOptions, timeout);
            try {
                return runWith(inputs, runOptions);
            } catch (OrtException e) {
                if (watchdog.isDone()) {
                    throw new RunTimeoutException("model " + manifest.name() + " v" + manifest.version() + " ran longer than " + timeout.toMillis() + " ms and was stopped", e);
                }
                throw e;
            } finally {
                watchdog.cancel(false);
            }
        }
    }

    private TensorRecord runWith(Map<String, NamedTensor> inputs, OrtSession.RunOptions runOptions) throws OrtException {
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, NamedTensor> e : inputs.entrySet()) {
                feed.put(e.getKey(), toOnnx(e.getValue()));
            }
            List<String> outputNames = manifest.outputs().stream().map(TensorSpec::name).toList();
            java.util.Set<String> wanted = new java.util.LinkedHashSet<>(outputNames);
            try (OrtSession.Result result = runOptions == null ? session.run(feed, wanted) : session.run(feed, wanted, runOptions)) {
                List<NamedTensor> out = new ArrayList<>();
                for (String name : outputNames) {
                    OnnxValue value = result.get(name).orElseThrow(() -> new IllegalStateException("graph produced no output " + name));
                    out.add(fromOnnx(name, (OnnxTensor) value));
                }
                return TensorRecord.of(out);
            }
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    /** {@link #run} for the usual one-input graph: the manifest's primary output. */
    public NamedTensor runPrimary(NamedTensor input) throws OrtException {
        return runPrimary(input, null);
    }

    public NamedTensor runPrimary(NamedTensor input, Duration timeout) throws OrtException {
        return run(Map.of(input.name(), input), timeout).require(manifest.output().name());
    }

    /**
     * One run on zeros (dynamic axes as 1) so the first real request does not pay for ORT's lazy allocations;
     * a graph that cannot run on its declared inputs fails here, before it is swapped in.
     */
    public void warmUp() throws OrtException {
        Map<String, NamedTensor> zeros = new LinkedHashMap<>();
        for (TensorSpec spec : manifest.inputs()) {
            long[] shape = spec.shape().stream().mapToLong(d -> d < 0 ? 1 : d).toArray();
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            ByteBuffer data = ByteBuffer.allocate((int) (n * spec.dtype().byteSize())).order(ByteOrder.LITTLE_ENDIAN);
            zeros.put(spec.name(), new NamedTensor(spec.name(), spec.dtype(), shape, data));
        }
        run(zeros);
    }

    private OnnxTensor toOnnx(NamedTensor t) throws OrtException {
        long[] shape = t.shape();
        return switch (t.dtype()) {
            case FLOAT32 -> OnnxTensor.createTensor(env, t.asFloatBuffer(), shape);
            case INT64 -> OnnxTensor.createTensor(env, t.data().asLongBuffer(), shape);
            case INT32 -> OnnxTensor.createTensor(env, t.data().asIntBuffer(), shape);
            case UINT8 -> OnnxTensor.createTensor(env, t.data(), shape, OnnxJavaType.UINT8);
        };
    }

    private static NamedTensor fromOnnx(String name, OnnxTensor tensor) {
        TensorInfo info = tensor.getInfo();
        long[] shape = info.getShape();
        ByteBuffer raw = tensor.getByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        DType dtype = switch (info.type) {
            case FLOAT -> DType.FLOAT32;
            case INT64 -> DType.INT64;
            case INT32 -> DType.INT32;
            case UINT8 -> DType.UINT8;
            default -> throw new IllegalStateException("output " + name + " has unsupported element type " + info.type);
        };
        // getByteBuffer copies into a heap-independent buffer, so the tensor may be closed afterwards
        return new NamedTensor(name, dtype, shape, raw);
    }

    /** Takes a reference for one request; false once the model is retired and fully released. */
    public boolean tryAcquire() {
        while (true) {
            int n = references.get();
            if (n == 0) {
                return false;
            }
            if (references.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    public void release() {
        if (references.decrementAndGet() == 0) {
            closeQuietly(session);
            LOG.info("closed session of model {} v{}", manifest.name(), manifest.version());
        }
    }

    /** Drops the registry's reference: the session closes as soon as no request uses it. Idempotent. */
    public void retire() {
        if (retired.compareAndSet(false, true)) {
            release();
        }
    }

    public boolean isClosed() {
        return references.get() == 0;
    }

    private static void closeQuietly(OrtSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException | RuntimeException e) {
                LOG.warn("closing ORT session failed: {}", e.getMessage());
            }
        }
    }
}
