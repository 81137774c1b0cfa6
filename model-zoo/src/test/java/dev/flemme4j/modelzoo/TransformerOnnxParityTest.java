package dev.flemme4j.modelzoo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our ONNX export of every ViT/Swin encoder × architecture (SeM, HSeM, AE, VAE, ClM and a time-conditioned Base
 * eps-model), 2D and 3D, run in ONNX Runtime reproduces DJL inference within 1e-4 on the same random input.
 */
class TransformerOnnxParityTest {
    private static final Logger LOG = LoggerFactory.getLogger(TransformerOnnxParityTest.class);
    private static final double TOLERANCE = 1e-4;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "SeM  | name: SwinU;image_size: [32, 32];window_size: 4;building_block: swin;down_channels: [8, 16];middle_channels: [32];normalization: layer",
        "SeM  | name: SwinU;image_size: [40, 40];window_size: 10;building_block: double_swin;abs_pos_embedding: true;down_channels: [8, 16];middle_channels: [32];patch_size: 1",
        "SeM  | name: SwinD;image_size: [64, 32];window_size: [4, 2];building_block: res_swin;down_channels: [8, 8, 16];middle_channels: [16];num_norm_groups: 4",
        "SeM  | name: ViTU;image_size: [16, 16];building_block: vit;down_channels: [8, 16];middle_channels: [32];num_norm_groups: 4;qkv_bias: false",
        "SeM  | name: ViTD;image_size: [32, 32];building_block: vit;down_channels: [8, 8, 16];middle_channels: [16];normalization: layer;num_blocks: 1",
        "SeM  | name: Swin;image_size: [16, 16, 16];window_size: 2;building_block: swin;down_channels: [8, 16];middle_channels: [16];normalization: layer",
        "SeM  | name: SwinU;image_size: [16, 32, 16];window_size: [2, 4, 2];building_block: double_swin;down_channels: [8, 16];middle_channels: [32];normalization: layer;num_blocks: 1",
        "SeM  | name: ViT;image_size: [8, 8, 8];building_block: vit;down_channels: [8];middle_channels: [8];normalization: layer",
        "HSeM | name: SwinU;image_size: [32, 32];window_size: 4;building_block: swin;down_channels: [8, 16];middle_channels: [32];normalization: layer",
        "AE   | name: ViT;image_size: [16, 16];building_block: vit;down_channels: [8, 16];middle_channels: [16];dense_channels: [12];normalization: layer",
        "VAE  | name: Swin;image_size: [32, 32];window_size: 4;building_block: swin;middle_channels: [16, 32];normalization: layer",
        "ClM  | name: Swin;image_size: [32, 32];window_size: 4;building_block: swin;down_channels: [8, 16];middle_channels: [16];dense_channels: [16];out_channel: 3",
        "Base | name: SwinU;image_size: [32, 32];window_size: 4;building_block: double_swin;down_channels: [8, 16];middle_channels: [32];normalization: layer",
        "Base | name: ViTU;image_size: [16, 16];building_block: vit;down_channels: [8, 16];middle_channels: [32];normalization: layer",
    })
    void exportMatchesDjl(String architecture, String encoder) throws Exception {
        Engine.getInstance().setRandomSeed(11);
        String losses = switch (architecture) {
            case "SeM", "HSeM" -> "  segmentation_losses: [{name: Dice}]\n";
            case "ClM" -> "  classification_losses: [{name: CE}]\n";
            case "Base" -> "  time_channel: 16\n";
            default -> "  reconstruction_losses: [{name: MSE}]\n";
        };
        String yaml = "model:\n  name: " + architecture + "\n" + losses + "  encoder:\n    in_channel: 1\n    patch_channel: 8\n"
                + TestConfigs.indent(encoder.replace(';', '\n'));
        // Base (an eps-model with a time step) is buildable but not trainable on its own
        ModelSpec spec = ModelSpecs.parseBuildable(TestConfigs.modelSection(yaml));
        try (FlemmeModel model = ModelFactory.create(spec, Device.cpu())) {
            double diff = OnnxParityTest.maxAbsDiff(model, OnnxExport.toBytes(model), 2);
            LOG.info("{} {}: max |ORT - DJL| = {}", architecture, encoder, diff);
            assertTrue(diff <= TOLERANCE, "max |diff| " + diff);
        }
    }
}
