package dev.flemme4j.serving.model;

import ai.onnxruntime.OrtEnvironment;
import dev.flemme4j.protocol.model.ModelManifest;
import dev.flemme4j.serving.ort.ExecutionDevice;
import dev.flemme4j.serving.ort.OnnxModel;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models serving answers for, one version per name. Loading verifies the ONNX file's sha256 first and
 * swaps the new version in atomically; requests already running finish on the old session, which closes
 * when they are done. Thread-safe. {@link #load} blocks (hashing, session creation): call it off the event loop.
 */
public final class ModelRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    private final OrtEnvironment env;
    private final ExecutionDevice device;
    private final Map<String, OnnxModel> models = new ConcurrentHashMap<>();
    private final Object loadLock = new Object();
    private final MeterRegistry meters;
    /** One {@code flemme_serving_model_version{model}} gauge per loaded name; removed when the name is unloaded. */
    private final Map<String, Gauge> versionGauges = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public ModelRegistry(OrtEnvironment env, ExecutionDevice device, MeterRegistry meters) {
        this.env = env;
        this.device = device;
        this.meters = meters;
        Gauge.builder("flemme.serving.models.loaded", models, Map::size)
                .description("Models currently loaded and answering requests")
                .register(meters);
    }

    // Called under loadLock. Model names come from manifests written by training jobs, never from requests.
    private void trackVersion(String name) {
        versionGauges.computeIfAbsent(name, n -> Gauge.builder("flemme.serving.model.version", models,
                        m -> {
                            OnnxModel current = m.get(n);
                            return current == null ? Double.NaN : current.manifest().version();
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

    /**
     * Loads (or replaces) the model in {@code modelDir}. The same name, version and sha256 again is a no-op;
     * an older version than the loaded one is refused.
     *
     * @return the manifest now serving under its name
     * @throws dev.flemme4j.protocol.model.ModelManifestException unreadable manifest
     * @throws dev.flemme4j.protocol.model.ModelIntegrityException ONNX file missing or sha256 mismatch
     * @throws ModelLoadException ORT refuses the file, its signature contradicts the manifest, or it is older
     */
    public ModelManifest load(Path modelDir) {
        ModelManifest manifest = ModelManifest.read(modelDir);
        synchronized (loadLock) {
            if (closed) {
                throw new ModelLoadException("registry is closed");
            }
            OnnxModel current = models.get(manifest.name());
            if (current != null) {
                ModelManifest cur = current.manifest();
                if (cur.version() == manifest.version() && cur.sha256().equals(manifest.sha256())) {
                    return cur;
                }
                if (cur.version() > manifest.version()) {
                    throw new ModelLoadException(modelDir + ": " + manifest.name() + " v" + manifest.version()
                            + " is older than the loaded v" + cur.version());
                }
            }
            manifest.verifyOnnxFile(modelDir);
            OnnxModel fresh = OnnxModel.open(manifest, modelDir, env, device);
            OnnxModel old = models.put(manifest.name(), fresh);
            trackVersion(manifest.name());
            if (old != null) {
                old.retire();
                LOG.info("model {} v{} replaced v{} from {} on {}", manifest.name(), manifest.version(), old.manifest().version(),
                        modelDir, fresh.provider());
            } else {
                LOG.info("model {} v{} loaded from {} on {}", manifest.name(), manifest.version(), modelDir, fresh.provider());
            }
            return manifest;
        }
    }

    /** Stops serving a model; running requests finish first. */
    public boolean unload(String name) {
        synchronized (loadLock) {
            OnnxModel old = models.remove(name);
            untrackVersion(name);
            if (old != null) {
                old.retire();
                LOG.info("model {} v{} unloaded", name, old.manifest().version());
            }
            return old != null;
        }
    }

    /** A hold on the current version of {@code name}, to be closed when the request is done. */
    public Optional<ModelLease> lease(String name) {
        while (true) {
            OnnxModel model = models.get(name);
            if (model == null) {
                return Optional.empty();
            }
            if (model.tryAcquire()) {
                return Optional.of(new ModelLease(model));
            }
            // retired between get and acquire: the map already holds its successor (or nothing), look again
            if (models.get(name) == model) {
                Thread.onSpinWait();
            }
        }
    }

    public Optional<ModelManifest> manifest(String name) {
        return Optional.ofNullable(models.get(name)).map(OnnxModel::manifest);
    }

    public boolean isLoaded(String name) {
        return models.containsKey(name);
    }

    /** Manifests of all loaded models, by name. */
    public List<ModelManifest> manifests() {
        return models.values().stream().map(OnnxModel::manifest).sorted(Comparator.comparing(ModelManifest::name)).toList();
    }

    /** Provider ("CPU" / "CUDA:N") per loaded model name. */
    public Map<String, String> providers() {
        Map<String, String> out = new java.util.TreeMap<>();
        models.forEach((name, model) -> out.put(name, model.provider()));
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
            models.values().forEach(OnnxModel::retire);
            models.clear();
            java.util.List.copyOf(versionGauges.keySet()).forEach(this::untrackVersion);
        }
    }
}
