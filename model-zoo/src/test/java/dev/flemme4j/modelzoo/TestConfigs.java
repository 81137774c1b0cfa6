package dev.flemme4j.modelzoo;

import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.config.YamlDocument;

/** YAML model sections used across tests. */
final class TestConfigs {
    private TestConfigs() {
    }

    /** The reference SeM/UNet 64² config (upstream counts 4,064,257 parameters), with encoder lines replaceable. */
    static String semUNet(String encoderExtra) {
        return """
                model:
                  name: SeM
                  segmentation_losses:
                    - name: Dice
                    - name: BCEL
                  encoder:
                    name: UNet
                    image_size: [64, 64]
                    in_channel: 1
                    out_channel: 1
                    patch_channel: 32
                    patch_size: 2
                    down_channels: [64, 128]
                    middle_channels: [256, 256]
                    building_block: single
                """ + indent(encoderExtra);
    }

    static String indent(String lines) {
        StringBuilder b = new StringBuilder();
        for (String l : lines.split("\n")) {
            if (!l.isBlank()) {
                b.append("    ").append(l).append('\n');
            }
        }
        return b.toString();
    }

    static ConfigNode modelSection(String yaml) {
        return YamlDocument.parse(yaml).requireNode("model");
    }

    static ModelSpec spec(String yaml) {
        return ModelSpecs.parse(modelSection(yaml));
    }
}
