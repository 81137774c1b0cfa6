package dev.flemme4j.modelzoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.modelzoo.config.loss.LossKind;
import dev.flemme4j.modelzoo.config.loss.LossType;
import dev.flemme4j.modelzoo.config.loss.LossTypes;
import dev.flemme4j.modelzoo.config.loss.LossUse;
import dev.flemme4j.modelzoo.encoder.ImageEncoders;
import dev.flemme4j.protocol.config.ConfigException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Adding a component is one registration: an existing loss registered again under a new name here is parsed,
 * validated and listed like any other, with no other file touched.
 */
class RegistrationTest {
    @BeforeAll
    static void registerSoftDice() {
        if (LossTypes.KIND.find("SoftDice").isEmpty()) {
            LossTypes.KIND.register(LossType.of("SoftDice", "Dice under another name (test registration)", LossKind.DICE,
                    LossTypes.KIND.find("Dice").orElseThrow().keys(), LossUse.IMAGE));
        }
    }

    @Test
    void aNewlyRegisteredLossParsesWithItsKeys() {
        SegmentationModelSpec spec = (SegmentationModelSpec) TestConfigs.spec(TestConfigs.semUNet("")
                .replace("    - name: BCEL\n", "    - {name: SoftDice, weight: 0.25, normalization: softmax}\n"));
        assertEquals("SoftDice", spec.losses().get(1).label());
        assertEquals(LossKind.DICE, spec.losses().get(1).kind());
        assertEquals(0.25, spec.losses().get(1).weight());
    }

    @Test
    void itIsOfferedAsASuggestionAndAChoice() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> TestConfigs.spec(
                TestConfigs.semUNet("").replace("    - name: BCEL\n", "    - name: SoftDize\n")));
        assertEquals("model.segmentation_losses[1].name", e.path());
        assertTrue(e.getMessage().contains("did you mean 'SoftDice'?"), e.getMessage());
    }

    @Test
    void aLossKeyWithoutEffectBecomesAWarning() {
        dev.flemme4j.protocol.config.ConfigNode root = dev.flemme4j.protocol.config.YamlDocument.parse(TestConfigs.semUNet("")
                .replace("    - name: BCEL\n", "    - {name: BCEL, reduction: sum}\n"));
        ModelSpecs.parse(root.requireNode("model"));
        assertEquals(1, root.warnings().size(), root.warnings().toString());
        assertTrue(root.warnings().get(0).startsWith("model.segmentation_losses[1].reduction: "), root.warnings().toString());
    }

    @Test
    void everyArchitectureAndEncoderIsRegisteredOnce() {
        assertEquals(java.util.List.of("SeM", "HSeM", "AE", "HAE", "VAE", "ClM", "Base", "DDPM", "DDIM", "EDM", "LDM", "SDM",
                "LDPM", "LDIM", "SDPM", "SDIM"), Architectures.KIND.names());
        assertEquals(java.util.List.of("CNN", "UNet", "DNet", "FCN", "PointWise", "PointNet", "PointNet2", "ViT", "ViTU", "ViTD",
                "Swin", "SwinU", "SwinD"), ImageEncoders.KIND.names());
        assertEquals(java.util.List.of("SeM", "HSeM", "AE", "HAE", "VAE", "ClM", "DDPM", "DDIM", "EDM", "LDM", "SDM", "LDPM",
                "LDIM", "SDPM", "SDIM"), ModelSpecs.supportedNames());
    }
}
