package dev.flemme4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `flemme inspect` as the README promises it: upstream's parameter count for the reference config. */
class InspectCommandTest {
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();

    @Test
    void referenceConfigHasUpstreamsParameterCount() {
        CliRun r = run("inspect", REPO.resolve("configs/sem-unet-reference.yaml").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.equals("parameters: 4064257")), r.out());
        assertTrue(r.out().contains("ConvTranspose2d(256→256, k=4, s=2, p=1)"), "structure is printed");
    }

    @Test
    void aWholeJobFileWorksToo() {
        CliRun r = run("inspect", REPO.resolve("configs/quickstart.yaml").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("input:  [N, 1, 64, 64]"), r.out());
    }

    @Test
    void baseWithATimeStepCanBeInspected(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("base.yaml");
        Files.writeString(f, "model:\n  name: Base\n  time_channel: 128\n  encoder:\n    name: UNet\n    image_size: [64, 64]\n"
                + "    in_channel: 1\n    patch_channel: 32\n    down_channels: [64, 128]\n    middle_channels: [256, 256]\n"
                + "    normalization: batch\n");
        CliRun r = run("inspect", f.toString());
        assertEquals(0, r.code(), r.err());
        // upstream counts 4,487,969 for this config (model-zoo ContextCountTest, unet-single-time128)
        assertTrue(r.out().contains("parameters: 4487969"), r.out());
        assertTrue(r.out().contains("t:      [N]"), r.out());
    }

    @Test
    void aBadModelSectionNamesTheYamlPath(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("bad.yaml");
        Files.writeString(f, "model:\n  name: SeM\n  encoder:\n    name: UNett\n    image_size: [64, 64]\n    in_channel: 1\n");
        CliRun r = run("inspect", f.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("model.encoder.name") && r.err().contains("UNet"), r.err());
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }
}
