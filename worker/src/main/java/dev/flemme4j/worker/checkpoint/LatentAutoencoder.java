package dev.flemme4j.worker.checkpoint;

import ai.djl.MalformedModelException;
import dev.flemme4j.modelzoo.FlemmeModel;
import dev.flemme4j.modelzoo.architecture.LatentDiffusionNetwork;
import dev.flemme4j.modelzoo.diffusion.LatentDiffusionModelSpec;
import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.job.ArtifactReference;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares a latent diffusion model's auto-encoder before training: loads {@code ae_path} (an earlier job's
 * checkpoint under the artifact root) into it and, with {@code freezed_ae}, freezes it, so the trainer attaches no
 * gradients to it and the optimizer never updates it. Must run before the trainer is created.
 */
public final class LatentAutoencoder {
    private static final String AE_PATH_KEY = LatentDiffusionModelSpec.AE_PATH_AT;
    private static final Logger LOG = LoggerFactory.getLogger(LatentAutoencoder.class);

    private LatentAutoencoder() {
    }

    /** Does nothing for other models. */
    public static void prepare(FlemmeModel model, Path artifactRoot, String jobId) throws IOException {
        if (!(model.spec() instanceof LatentDiffusionModelSpec spec) || !(model.block() instanceof LatentDiffusionNetwork net)) {
            return;
        }
        if (spec.aePath() != null) {
            Path file = ArtifactReference.resolve(artifactRoot, AE_PATH_KEY, spec.aePath());
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                net.autoencoder().loadParameters(model.djlModel().getNDManager(), new DataInputStream(in));
            } catch (MalformedModelException | RuntimeException e) {
                throw new ConfigException(AE_PATH_KEY, "'" + spec.aePath() + "' (" + file + ") does not fit the "
                        + spec.autoencoder().name() + " of this model: " + e.getMessage());
            }
            LOG.info("job {}: auto-encoder weights from {}", jobId, file);
        }
        if (spec.frozen()) {
            net.autoencoder().freezeParameters(true);
        } else {
            // loading replaced the arrays, and the new ones do not record gradients: training them needs that back
            for (var p : net.autoencoder().getParameters()) {
                if (p.getValue().requiresGradient()) {
                    p.getValue().getArray().setRequiresGradient(true);
                }
            }
        }
    }
}
