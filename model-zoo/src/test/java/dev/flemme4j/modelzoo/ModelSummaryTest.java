package dev.flemme4j.modelzoo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class ModelSummaryTest {
    private static final Logger LOG = LoggerFactory.getLogger(ModelSummaryTest.class);

    @Test
    void summaryShowsTreeWithCounts() {
        try (FlemmeModel model = ModelFactory.create(TestConfigs.spec(TestConfigs.semUNet("normalization: batch")), Device.cpu())) {
            String summary = model.summary();
            LOG.info("\n{}", summary);
            assertTrue(summary.startsWith("SeM: SeM(UNet, 2D) [4,064,257 trainable]"), summary);
            assertTrue(summary.contains("image_proj: DownSampling(1→32, ×1/2, conv) [544]"), summary);
            assertTrue(summary.contains("conv: ConvTranspose2d(256→256, k=4, s=2, p=1) [1,048,832]"), summary);
            assertTrue(summary.contains("norm: BatchNorm(32, eps=1e-5, momentum=0.1) [64]"), summary);
        }
    }
}
