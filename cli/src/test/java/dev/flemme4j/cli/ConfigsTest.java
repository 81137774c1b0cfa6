package dev.flemme4j.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.modelzoo.FlemmeModel;
import dev.flemme4j.modelzoo.ModelFactory;
import dev.flemme4j.modelzoo.ModelSpecs;
import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.config.YamlDocument;
import dev.flemme4j.protocol.spec.TrainJobSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every file in configs/ is valid: a job file's spec (a file with {@code mode:}) parses with its cross-section rules,
 * and every file's model section builds through the code `flemme inspect` uses ({@link InspectCommand#modelSection},
 * ModelSpecs, ModelFactory).
 * No data and no training: the dataset checks are the coordinator's, at submission. Each file also starts with a
 * comment header that says how to run it.
 */
class ConfigsTest {
    private static final Path CONFIGS = Path.of("").toAbsolutePath().getParent().resolve("configs");

    /** The architectures configs/ promises one example of (README, "Example configs"). */
    private static final Set<String> ARCHITECTURES = Set.of("SeM", "HSeM", "AE", "HAE", "VAE", "ClM", "DDPM", "DDIM", "EDM",
            "LDIM", "SDIM");

    @TestFactory
    Stream<DynamicTest> everyConfigParsesAndBuilds() throws IOException {
        List<Path> files = configFiles();
        assertFalse(files.isEmpty(), "no YAML files in " + CONFIGS);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> assertValid(f)));
    }

    @Test
    void everyArchitectureHasAnExample() throws IOException {
        Set<String> seen = new TreeSet<>();
        for (Path f : configFiles()) {
            seen.add(ModelSpecs.parse(InspectCommand.modelSection(read(f))).name());
        }
        assertTrue(seen.containsAll(ARCHITECTURES), "configs/ has examples of " + seen + ", want all of " + ARCHITECTURES);
    }

    @Test
    void aBrokenConfigWouldFail() {
        // the check above must be able to fail: a misspelt encoder key is refused with its YAML path
        String yaml = "mode: train\nmodel:\n  name: ClM\n  encoder: {name: CNN, image_size: 28, in_channel: 1, out_channel: 10,"
                + " dense_chanels: [8]}\nloader:\n  dataset: {name: MNIST, data_path: x}\n";
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> ModelSpecs.parse(InspectCommand.modelSection(yaml)));
        assertEquals("model.encoder.dense_chanels", e.path());
    }

    private static void assertValid(Path file) throws IOException {
        String yaml = read(file);
        String name = file.getFileName().toString();
        List<String> header = yaml.lines().takeWhile(l -> l.startsWith("#")).toList();
        assertFalse(header.isEmpty(), name + ": starts with a comment header saying what it shows");
        assertTrue(header.stream().anyMatch(l -> l.contains("flemme local configs/" + name) || l.contains("flemme inspect configs/" + name)),
                name + ": its header gives the command to run it (./flemme local configs/" + name + "), got " + header);
        if (YamlDocument.parse(yaml).has("mode")) {
            TrainJobSpec spec = assertDoesNotThrow(() -> TrainJobSpec.parse(yaml), name);
            assertDoesNotThrow(spec::validateCrossSection, name);
        } // else a model description without mode:, which only `flemme inspect` takes
        try (FlemmeModel model = ModelFactory.create(ModelSpecs.parse(InspectCommand.modelSection(yaml)))) {
            assertTrue(model.parameterCount() > 0, name);
        }
    }

    private static List<Path> configFiles() throws IOException {
        try (Stream<Path> s = Files.list(CONFIGS)) {
            return s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
    }

    private static String read(Path f) throws IOException {
        return Files.readString(f, StandardCharsets.UTF_8);
    }
}
