package dev.flemme4j.serving.sampling;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.flemme4j.protocol.diffusion.DiffusionSettings;
import dev.flemme4j.protocol.model.ModelManifest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The ORT sessions a sampling run uses, per model name: the eps-model and, for guided models, its unconditional
 * graph and (when exported) its masked graph for guidance in one batch. Opened on first use and replaced (old ones closed) when the model's sha256 changes.
 */
final class SamplingSessions implements AutoCloseable {
    private final OrtEnvironment env;
    private final Map<String, Entry> byName = new HashMap<>();

    private record Entry(String sha256, OrtSession main, OrtSession unconditional, OrtSession masked, OrtEpsFunction eps,
            OrtSession decoderSession, OrtLatentDecoder decoder) {
        void close() {
            closeQuietly(decoderSession);
            closeQuietly(main);
            closeQuietly(unconditional);
            closeQuietly(masked);
        }
    }

    SamplingSessions(OrtEnvironment env) {
        this.env = env;
    }

    synchronized OrtEpsFunction eps(ModelManifest m, Path directory) throws OrtException {
        return entry(m, directory).eps();
    }

    /** A latent diffusion model's decoder, or null for a model that samples data directly. */
    synchronized OrtLatentDecoder decoder(ModelManifest m, Path directory) throws OrtException {
        return entry(m, directory).decoder();
    }

    private Entry entry(ModelManifest m, Path directory) throws OrtException {
        Entry e = byName.get(m.name());
        if (e != null && e.sha256().equals(m.sha256())) {
            return e;
        }
        if (e != null) {
            e.close(); // a replaced model; runs still holding the old function finish on ORT's closed-session error
        }
        DiffusionSettings s = m.diffusion();
        OrtSession main = env.createSession(m.onnxPath(directory).toString(), new OrtSession.SessionOptions());
        OrtSession free = null;
        OrtSession masked = null;
        OrtSession decoder = null;
        try {
            if (m.latentDecoder() != null) {
                decoder = env.createSession(directory.resolve(m.latentDecoder().onnxFile()).toString(),
                        new OrtSession.SessionOptions());
            }
            if (s.unconditionalOnnxFile() != null) {
                free = env.createSession(directory.resolve(s.unconditionalOnnxFile()).toString(), new OrtSession.SessionOptions());
            }
            if (s.guidanceOnnxFile() != null) {
                masked = env.createSession(directory.resolve(s.guidanceOnnxFile()).toString(), new OrtSession.SessionOptions());
            }
        } catch (OrtException ex) {
            closeQuietly(main);
            closeQuietly(free);
            closeQuietly(masked);
            closeQuietly(decoder);
            throw ex;
        }
        Entry fresh = new Entry(m.sha256(), main, free, masked, new OrtEpsFunction(env, main, free, masked, s), decoder,
                decoder == null ? null : new OrtLatentDecoder(env, decoder, m.latentDecoder()));
        byName.put(m.name(), fresh);
        return fresh;
    }

    @Override
    public synchronized void close() {
        byName.values().forEach(Entry::close);
        byName.clear();
    }

    private static void closeQuietly(OrtSession s) {
        if (s != null) {
            try {
                s.close();
            } catch (OrtException ignored) {
                // closing is best effort
            }
        }
    }
}
