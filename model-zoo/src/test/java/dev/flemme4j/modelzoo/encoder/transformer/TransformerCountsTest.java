package dev.flemme4j.modelzoo.encoder.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import dev.flemme4j.modelzoo.FlemmeModel;
import dev.flemme4j.modelzoo.ModelFactory;
import dev.flemme4j.modelzoo.ModelSpecs;
import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.config.YamlDocument;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every ViT/Swin-family model section of {@code src/test/resources/transformer/transformer_counts.json} builds with
 * upstream's parameter count: all such configs under upstream's {@code resources/img} (34 Swin-family SeM, HSeM,
 * AE, HAE and VAE configs), the ViT/Swin entries of {@code scripts/unittest/model_img_config.yaml} and
 * {@code model_img3d_config.yaml} (SeM/ViTU 64² = 3,599,179, SeM/SwinU 64² = 3,607,279) and small 2D/3D variants
 * of every encoder × architecture. The counts were measured by {@code transformer_counts.py} next to the table
 * (upstream 86abf06 on Debian's torch 1.13, command in its header). Count only, no forward pass.
 * {@code mnist/train_vit_vae.yaml} (count −1) is a conditional VAE that does not build upstream and is skipped.
 */
class TransformerCountsTest {

    static Stream<Arguments> cases() throws IOException {
        try (InputStream in = TransformerCountsTest.class.getResourceAsStream("/transformer/transformer_counts.json")) {
            ConfigNode table = YamlDocument.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            List<ConfigNode> cases = table.nodeList("cases");
            return cases.stream().filter(c -> c.longValue("count", -1) >= 0)
                    .map(c -> Arguments.of(c.string("id", "?"), c.requireNode("model"), c.longValue("count", -1)));
        }
    }

    /**
     * The seed's SDIM example verbatim (SwinU 320², double_swin, window_size 10, time_channel 128, the image condition
     * concatenated through Identity), its unread {@code merge_timestep_and_context} included (a warning, no effect):
     * upstream's count, 18,288,454 (18,288,326 without the condition), measured with upstream 86abf06
     * {@code create_model} on its eps_model section as a Base (SDM adds no parameters of its own).
     */
    @org.junit.jupiter.api.Test
    void seedSdimExampleBuildsAsWritten() {
        ConfigNode section = YamlDocument.parse("""
                model:
                  name: SDIM
                  num_steps: 1000
                  num_ensemble: 1
                  beta_schedule: consine
                  eps_loss:
                    name: MSE
                  eps_model:
                    time_channel: 128
                    encoder:
                      name: SwinU
                      image_size: [320, 320]
                      in_channel: 1
                      out_channel: 1
                      patch_channel: 32
                      patch_size: 2
                      down_channels: [64, 128, 256]
                      middle_channels: [512, 512]
                      building_block: double_swin
                      abs_pos_embedding: false
                      window_size: 10
                      num_blocks: 1
                    condition_embedding:
                      combine_condition: cat
                      merge_timestep_and_context: false
                      encoder:
                        name: Identity
                        out_channel: 1
                """).requireNode("model");
        try (FlemmeModel m = ModelFactory.create(ModelSpecs.parseBuildable(section), Device.cpu())) {
            assertEquals(18288454L, m.parameterCount(), m.summary());
        }
        assertEquals(List.of("model.eps_model.condition_embedding.merge_timestep_and_context: Flemme never reads this"
                + " spelling (2024 or today); merge_timestep_and_condition is the key"), section.warnings());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void buildsWithUpstreamsCount(String id, ConfigNode model, long expected) {
        try (FlemmeModel m = ModelFactory.create(ModelSpecs.parse(model), Device.cpu())) {
            assertEquals(expected, m.parameterCount(), () -> id + "\n" + m.summary());
        }
    }
}
