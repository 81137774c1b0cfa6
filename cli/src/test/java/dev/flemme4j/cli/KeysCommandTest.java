package dev.flemme4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.protocol.registry.ComponentKind;
import dev.flemme4j.protocol.registry.Key;
import dev.flemme4j.protocol.registry.Registration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** `flemme keys` prints the registry itself: no registered kind, name or key may be missing from it. */
class KeysCommandTest {

    @Test
    void theOverviewNamesEveryKindAndName() {
        CliRun r = CliRun.of("keys");
        assertEquals(0, r.code(), r.err());
        for (ComponentKind<?> kind : KeysCommand.reference().kinds()) {
            assertTrue(r.out().contains(kind.id() + " — "), kind.id() + " missing:\n" + r.out());
            for (String name : kind.names()) {
                assertTrue(r.out().contains(name), name + " missing:\n" + r.out());
            }
        }
    }

    @Test
    void everyRegisteredKeyIsPrintedWithItsTypeDefaultAndAlias() {
        List<ComponentKind<?>> kinds = KeysCommand.reference().kinds();
        assertTrue(kinds.size() >= 3, "the model-zoo kinds are registered");
        int keys = 0;
        for (ComponentKind<?> kind : kinds) {
            for (Registration entry : kind.entries()) {
                CliRun r = CliRun.of("keys", kind.id(), entry.name());
                assertEquals(0, r.code(), r.err());
                List<String> lines = r.out().lines().toList();
                for (Key k : entry.keys().keys()) {
                    String line = lines.stream().filter(l -> l.startsWith("  " + k.name() + " ")).findFirst()
                            .orElseThrow(() -> new AssertionError(kind.id() + " " + entry.name() + ": key " + k.name()
                                    + " missing:\n" + r.out()));
                    assertTrue(line.contains(k.type().label()), line);
                    assertTrue(line.contains(k.dflt() == null ? " - " : k.dflt()), line);
                    k.aliases().forEach(a -> assertTrue(line.contains(a), line));
                    if (!k.applied()) {
                        assertTrue(line.contains("no effect in flemme4j"), line);
                    }
                    keys++;
                }
            }
        }
        assertTrue(keys > 100, "checked " + keys + " keys");
    }

    @Test
    void theJobBlocksOwnKeysArePrintedUnderJob() {
        CliRun r = CliRun.of("keys", "job");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        for (Key k : dev.flemme4j.protocol.spec.JobOptions.KEYS.keys()) {
            String line = lines.stream().filter(l -> l.startsWith("  job." + k.name() + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError("job." + k.name() + " missing:\n" + r.out()));
            assertTrue(line.contains(k.dflt() == null ? " - " : k.dflt()), line);
        }
        assertTrue(lines.stream().anyMatch(l -> l.matches("  job\\.replicas +int +1 +workers that train the job together.*")),
                r.out());
    }

    @Test
    void unetEncoderKeys() {
        CliRun r = CliRun.of("keys", "model.encoder", "UNet");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("model.encoder UNet — "), r.out());
        assertTrue(r.out().contains("(2024: proj_channel)"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("  down_channels +int list +\\[] .*")), r.out());
    }

    @Test
    void transformKeysPerName() {
        CliRun r = CliRun.of("keys", "transforms");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("transforms Resize — "), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("  num_classes +int +- +required; .*")), r.out());
        assertTrue(r.out().contains("transforms RandomFlip — ") && r.out().contains("(3D only)"), r.out());
        CliRun one = CliRun.of("keys", "transform", "RandomRotation");
        assertEquals(0, one.code(), one.err());
        assertTrue(one.out().lines().anyMatch(l -> l.matches("  fill +number +0 .*")), one.out());
    }

    @Test
    void anUnknownNameGetsASuggestion() {
        CliRun r = CliRun.of("keys", "encoder", "UNett");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("did you mean 'UNet'?"), r.err());
    }
}
