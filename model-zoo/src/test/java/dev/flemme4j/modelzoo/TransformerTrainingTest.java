package dev.flemme4j.modelzoo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A few training steps of small ViT/Swin SeM nets stay finite and lower the loss (drop path active). */
class TransformerTrainingTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "name: SwinU;window_size: 4;building_block: swin",
        "name: ViTU;building_block: vit",
    })
    void trainsWithFiniteFallingLoss(String encoder) {
        Engine.getInstance().setRandomSeed(3);
        String yaml = """
                model:
                  name: SeM
                  segmentation_losses: [{name: Dice}, {name: BCEL}]
                  encoder:
                    image_size: [32, 32]
                    in_channel: 1
                    out_channel: 1
                    patch_channel: 8
                    down_channels: [8, 16]
                    middle_channels: [32]
                    normalization: layer
                """ + TestConfigs.indent(encoder.replace(';', '\n'));
        try (FlemmeModel model = ModelFactory.create(TestConfigs.spec(yaml), Device.cpu())) {
            java.util.List<Float> losses = TrainingSteps.run(model, new SyntheticSegmentation(7), 8, 4, 32, 1e-3f);
            for (float l : losses) {
                assertTrue(Float.isFinite(l), losses.toString());
            }
            assertTrue(losses.get(losses.size() - 1) < losses.get(0), losses.toString());
        }
    }
}
