package dev.flemme4j.modelzoo.encoder.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.modelzoo.ModelSpecs;
import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.config.YamlDocument;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad ViT/Swin encoder sections fail on the YAML path of the fault, with the reason. */
class TransformerSpecErrorsTest {

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        // 32 / 2 = 16 → 8 → 4 patches: a window of 8 does not fit the last stage
        "name: SwinU;window_size: 8;building_block: swin                    | model.encoder.window_size      | does not divide the patch grid [4, 4]",
        "name: SwinU;window_size: [4, 4, 4];building_block: swin            | model.encoder.window_size      | 3 entries",
        "name: SwinU                                                        | model.encoder.building_block   | is required",
        "name: ViTU;building_block: swin                                    | model.encoder.building_block   | swin",
        "name: SwinU;building_block: swin;window_size: 4;final_channels: [8] | model.encoder.final_channels  | not supported",
        "name: SwinU;building_block: swin;window_size: 4;down_channels: [8, 24];middle_channels: [48] | model.encoder.down_channels | double",
        "name: ViTU;building_block: vit;middle_channels: [16]               | model.encoder.middle_channels  | 2 × down_channels[-1]",
        "name: ViT;building_block: vit;drop_path: 1.5                       | model.encoder.drop_path        | [0, 1)",
        "name: VMambaU;building_block: vmamba                               | model.encoder.name             | not supported yet",
        "name: PointMamba;building_block: pmamba                            | model.encoder.name             | not supported yet",
    })
    void failsOnTheKey(String encoder, String path, String reason) {
        String yaml = """
                name: SeM
                segmentation_losses: [{name: Dice}]
                encoder:
                  image_size: [32, 32]
                  in_channel: 1
                  patch_channel: 8
                  down_channels: [8, 16]
                  middle_channels: [32]
                """ + "  " + encoder.replace(";", "\n  ") + "\n";
        String job = "model:\n" + yaml.lines().map(l -> "  " + l + "\n").reduce("", String::concat);
        ConfigException e = assertThrows(ConfigException.class,
                () -> ModelSpecs.parse(YamlDocument.parse(job).requireNode("model")));
        assertEquals(path, e.path(), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
