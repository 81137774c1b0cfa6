package dev.flemme4j.coordinator.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.coordinator.dataset.TestDatasets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Latent diffusion jobs are accepted (no longer refused by name); their data is checked against the auto-encoder's
 * input, and {@code ae_path} must name a checkpoint under the artifact root.
 */
class LatentDiffusionValidationTest {
    @TempDir
    Path root;
    private JobValidator validator;

    @BeforeEach
    void dataset() throws Exception {
        TestDatasets.segmentation(root.resolve("data/ds"), 4, 40, 48);
        Files.createDirectories(root.resolve("artifacts"));
        validator = new JobValidator(root.resolve("data"), root.resolve("artifacts"));
    }

    private static String job(int aeImage, String modelExtra) {
        return """
                mode: train
                model:
                  name: LDIM
                  num_steps: 100
                  num_sample_steps: 10
                %s
                  ae_model:
                    name: VAE
                    encoder: {name: CNN, image_size: [%d, %d], in_channel: 1, out_channel: 1, patch_channel: 8,
                              patch_size: 2, down_channels: [8], middle_channels: [4], normalization: batch}
                  eps_model:
                    time_channel: 16
                    encoder: {name: UNet, image_size: [%d, %d], in_channel: 4, out_channel: 4, patch_size: 1,
                              down_channels: [8, 8], middle_channels: [16], normalization: group, num_norm_groups: 4}
                loader:
                  dataset: {name: ImgSegDataset, data_path: ds}
                  batch_size: 2
                  data_transforms: [{name: Resize, size: [32, 32]}, {name: ToTensor}]
                optimizer: {name: Adam, lr: 0.001}
                """.formatted(modelExtra, aeImage, aeImage, aeImage / 4, aeImage / 4);
    }

    @Test
    void aLatentDiffusionJobIsAcceptedAndItsDataCheckedAgainstTheAutoencoder() {
        assertEquals(4, validator.validate("j", job(32, "")).dataset().train().size()
                + validator.validate("j", job(32, "")).dataset().val().size());
        JobRejection r = assertThrows(JobRejection.class, () -> validator.validate("j", job(16, "")));
        assertTrue(r.path().startsWith("model.ae_model.encoder") || r.path().startsWith("loader.data_transforms"),
                r.path() + ": " + r.getMessage());
    }

    @Test
    void aePathMustNameACheckpointUnderTheArtifactRoot() throws Exception {
        for (String bad : new String[] {"  ae_path: ../data", "  ae_path: job-missing"}) {
            JobRejection r = assertThrows(JobRejection.class, () -> validator.validate("j", job(32, bad)), bad);
            assertEquals("model.ae_path", r.path(), bad);
            assertEquals(RejectReason.MODEL, r.reason());
        }
        Path params = root.resolve("artifacts/job-vae/checkpoints/ckp_last/model.params");
        Files.createDirectories(params.getParent());
        Files.write(params, new byte[] {0});
        validator.validate("j", job(32, "  ae_path: job-vae"));
    }
}
