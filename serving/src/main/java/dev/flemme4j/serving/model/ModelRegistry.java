package dev.flemme4j.serving.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.flemme4j.protocol.model.ModelIntegrityException;
import dev.flemme4j.protocol.model.ModelManifest;
import dev.flemme4j.serving.api.InferenceMetrics;
import dev.flemme4j.serving.batching.BatchPolicy;
import dev.flemme4j.serving.batching.BatchTimings;
import dev.flemme4j.serving.batching.ModelBatcher;
import dev.flemme4j.serving.ort.ExecutionDevice;
import dev.flemme4j.serving.ort.OnnxModel;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models serving answers for, one version per name. Loading reads the ONNX file once, checks its sha256
 * against the manifest (and the release record's, when one is given), creates the session from those bytes, runs
 * it once on zeros, and only then swaps it in atomically; requests already running finish on the old version,
 * whose batcher drains and whose session closes when the last of them is done. Thread-safe. {@link #load} blocks
 * (hashing, session creation, warm-up): call it off the event loop.
 */
public final class ModelRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    private record Served(OnnxModel model, ModelBatcher batcher) {
    }

    private final OrtEnvironment env;
    private final ExecutionDevice device;
    private final LoadSettings settings;
    private final Map<String, Served> models = new ConcurrentHashMap<>();
    private final Object loadLock = new Object();
    private final MeterRegistry meters;
    /** One {@code flemme_serving_model_version{model}} gauge per loaded name; removed when the name is unloaded. */
    private final Map<String, Gauge> versionGauges = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public ModelRegistry(OrtEnvironment env, ExecutionDevice device, MeterRegistry meters) {
        this(env, device, meters, LoadSettings.defaults());
    }

    public ModelRegistry(OrtEnvironment env, ExecutionDevice device, MeterRegistry meters, LoadSettings settings) {
        this.env = env;
        this.device = device;
        this.meters = meters;
        this.settings = settings;
        Gauge.builder("flemme.serving.models.loaded", models, Map::size)
                .description("Models currently loaded and answering requests")
                .register(meters);
    }

    // Called under loadLock. Model names come from manifests written by training jobs, never from requests.
    private void trackVersion(String name) {
        versionGauges.computeIfAbsent(name, n -> Gauge.builder("flemme.serving.model.version", models,
                        m -> {
                            Served current = m.get(n);
                            return current == null ? Double.NaN : current.model().manifest().version();
                        })
                .description("Version of the model currently served under this name")
                .tag("model", n).strongReference(true).register(meters));
    }

    private void untrackVersion(String name) {
        Gauge g = versionGauges.remove(name);
        if (g != null) {
            meters.remove(g);
        }
    }

    /** {@link #load(Path, String)} without a release digest: the manifest's sha256 is checked against the file. */
    public ModelManifest load(Path modelDir) {
        return load(modelDir, null);
    }

    /**
     * Loads (or replaces) the model in {@code modelDir}. The same name, version and sha256 again is a no-op;
     * an older version than the loaded one is refused.
     *
     * @param releaseSha256 the digest announced with the release, or null; it must equal the manifest's and the file's
     * @return the manifest now serving under its name
     * @throws dev.flemme4j.protocol.model.ModelManifestException unreadable manifest
     * @throws ModelIntegrityException ONNX file missing, outside its directory, or a sha256 mismatch
     * @throws ModelLoadException ORT refuses the file, its signature contradicts the manifest, or it is older
     */
    public ModelManifest load(Path modelDir, String releaseSha256) {
        ModelManifest manifest = ModelManifest.read(modelDir);
        if (releaseSha256 != null && !releaseSha256.equalsIgnoreCase(manifest.sha256())) {
            throw new ModelIntegrityException("sha256 mismatch for " + modelDir + ": the release says " + releaseSha256
                    + ", its manifest says " + manifest.sha256());
        }
        synchronized (loadLock) {
            if (closed) {
                throw new ModelLoadException("registry is closed");
            }
            Served current = models.get(manifest.name());
            if (current != null) {
                ModelManifest cur = current.model().manifest();
                if (cur.version() == manifest.version() && cur.sha256().equals(manifest.sha256())) {
                    return cur;
                }
                if (cur.version() > manifest.version()) {
                    throw new ModelLoadException(modelDir + ": " + manifest.name() + " v" + manifest.version()
                            + " is older than the loaded v" + cur.version());
                }
            }
            byte[] bytes = verifiedOnnxBytes(manifest, modelDir);
            OnnxModel fresh = OnnxModel.open(manifest, modelDir, bytes, env, device, settings.intraOpThreads());
            try {
                fresh.warmUp();
            } catch (OrtException | RuntimeException e) {
                fresh.retire();
                throw new ModelLoadException(modelDir + ": " + manifest.name() + " v" + manifest.version() + " failed its warm-up run: " + e.getMessage(), e);
            }
            Served served = new Served(fresh, batcherFor(fresh));
            Served old = models.put(manifest.name(), served);
            trackVersion(manifest.name());
            if (old != null) {
                retire(old);
                LOG.info("model {} v{} replaced v{} from {} on {}", manifest.name(), manifest.version(), old.model().manifest().version(),
                        modelDir, fresh.provider());
            } else {
                LOG.info("model {} v{} loaded from {} on {}", manifest.name(), manifest.version(), modelDir, fresh.provider());
            }
            return manifest;
        }
    }

    private ModelBatcher batcherFor(OnnxModel model) {
        ModelManifest m = model.manifest();
        BatchPolicy policy = settings.batching().apply(m.name());
        DistributionSummary sizes = DistributionSummary.builder("flemme.serving.batch.size")
                .description("Samples per ORT run after dynamic batching")
                .tag("model", m.name())
                .publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue(1024.0)
                .register(meters);
        InferenceMetrics phases = new InferenceMetrics(meters);
        return new ModelBatcher(m.name() + "-v" + m.version(), policy, settings.batchThreads(),
                batch -> model.runPrimary(batch, settings.ortTimeout()), new BatchTimings() {
                    @Override
                    public void waited(long nanos) {
                        phases.phase(m.name(), InferenceMetrics.BATCH_WAIT, nanos);
                    }

                    @Override
                    public void ran(int samples, long nanos) {
                        sizes.record(samples);
                        phases.phase(m.name(), InferenceMetrics.ORT_RUN, nanos);
                    }
                });
    }

    /** The file's bytes, read once: they must lie inside {@code dir} (symlinks resolved) and hash to the manifest's sha256. */
    private static byte[] verifiedOnnxBytes(ModelManifest manifest, Path dir) {
        Path file = manifest.onnxPath(dir);
        if (!Files.isRegularFile(file)) {
            throw new ModelIntegrityException(file + " does not exist (named by " + dir.resolve(ModelManifest.MANIFEST_FILE) + ")");
        }
        byte[] bytes;
        try {
            if (!file.toRealPath().startsWith(dir.toRealPath())) {
                throw new ModelIntegrityException(file + " resolves to " + file.toRealPath() + ", outside its model directory " + dir);
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelIntegrityException("cannot read " + file + ": " + e.getMessage());
        }
        String actual;
        try {
            actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (!actual.equalsIgnoreCase(manifest.sha256())) {
            throw new ModelIntegrityException("sha256 mismatch for " + file + ": manifest says " + manifest.sha256() + ", file has " + actual);
        }
        return bytes;
    }

    private static void retire(Served s) {
        s.batcher().shutdown();
        s.model().retire();
    }

    /** Stops serving a model; running requests finish first. */
    public boolean unload(String name) {
        synchronized (loadLock) {
            Served old = models.remove(name);
            untrackVersion(name);
            if (old != null) {
                retire(old);
                LOG.info("model {} v{} unloaded", name, old.model().manifest().version());
            }
            return old != null;
        }
    }

    /** A hold on the current version of {@code name}, to be closed when the request is done. */
    public Optional<ModelLease> lease(String name) {
        if (name == null) {
            return Optional.empty();
        }
        while (true) {
            Served served = models.get(name);
            if (served == null) {
                return Optional.empty();
            }
            if (served.model().tryAcquire()) {
                return Optional.of(new ModelLease(served.model(), served.batcher()));
            }
            // retired between get and acquire: the map already holds its successor (or nothing), look again
            if (models.get(name) == served) {
                Thread.onSpinWait();
            }
        }
    }

    public Optional<ModelManifest> manifest(String name) {
        return Optional.ofNullable(name == null ? null : models.get(name)).map(s -> s.model().manifest());
    }

    public boolean isLoaded(String name) {
        return name != null && models.containsKey(name);
    }

    /** Manifests of all loaded models, by name. */
    public List<ModelManifest> manifests() {
        return models.values().stream().map(s -> s.model().manifest()).sorted(Comparator.comparing(ModelManifest::name)).toList();
    }

    /** Provider ("CPU" / "CUDA:N") per loaded model name. */
    public Map<String, String> providers() {
        Map<String, String> out = new TreeMap<>();
        models.forEach((name, s) -> out.put(name, s.model().provider()));
        return out;
    }

    public int size() {
        return models.size();
    }

    /** Unloads everything; sessions close when their last request finishes. */
    @Override
    public void close() {
        synchronized (loadLock) {
            closed = true;
            models.values().forEach(ModelRegistry::retire);
            models.clear();
            List.copyOf(versionGauges.keySet()).forEach(this::untrackVersion);
        }
    }
}
