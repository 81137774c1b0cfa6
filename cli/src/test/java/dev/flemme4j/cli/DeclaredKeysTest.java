package dev.flemme4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.modelzoo.ModelSpecs;
import dev.flemme4j.protocol.config.ConfigNode;
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
import org.junit.jupiter.api.Test;

/**
 * No key is read outside the registry. Registered sections refuse undeclared reads by construction (the parse of
 * every config below would throw); for the rest, every key path read while parsing every config in configs/ is
 * recorded, and its section must be one of those not migrated to the registry yet. Migrating a section means
 * removing it here; a new section read without declared keys fails.
 */
class DeclaredKeysTest {
    private static final Path CONFIGS = Path.of("").toAbsolutePath().getParent().resolve("configs");

    @Test
    void everyKeyReadInTheExampleConfigsIsDeclared() throws IOException {
        Set<String> sections = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(CONFIGS)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertFalse(files.isEmpty());
        for (Path f : files) {
            String yaml = Files.readString(f, StandardCharsets.UTF_8);
            ConfigNode root = YamlDocument.parse(yaml);
            if (root.has("mode")) {
                ConfigNode job = YamlDocument.parse(yaml);
                TrainJobSpec.parse(job);
                job.undeclaredReads().forEach(p -> sections.add(section(p)));
            }
            // a fresh node: what `inspect` reads at the top level to find the section is not the model's concern
            ConfigNode model = new ConfigNode("model", InspectCommand.modelSection(yaml).raw());
            ModelSpecs.parseBuildable(model);
            model.undeclaredReads().forEach(p -> sections.add(section(p)));
        }
        // every section is declared now; anUndeclaredTopLevelReadWouldBeSeen shows the recording would see one
        assertEquals(List.of(), sections.stream().map(x -> "'" + x + "'").toList(), "sections read outside the registry");
    }

    @Test
    void anUndeclaredTopLevelReadWouldBeSeen() {
        ConfigNode plain = new ConfigNode("loader", java.util.Map.of("batch_size", 2));
        plain.integer("batch_size", 1);
        assertEquals(Set.of("loader.batch_size"), plain.undeclaredReads());
    }

    /** {@code loader.data_transforms[2].name} → {@code loader.data_transforms[]}. */
    private static String section(String keyPath) {
        String generic = keyPath.replaceAll("\\[\\d+]", "[]");
        int dot = generic.lastIndexOf('.');
        return dot < 0 ? "" : generic.substring(0, dot);
    }
}
