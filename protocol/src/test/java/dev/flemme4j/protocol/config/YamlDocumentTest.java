package dev.flemme4j.protocol.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.protocol.spec.TrainJobSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamlDocumentTest {
    /** The shape of upstream's tn3k/train_resnet_sem.yaml, which repeats loader.dataset. */
    private static final String DUPLICATED = """
            model:
              name: SeM
            loader:
              dataset:
                name: ImgSegDataset
                data_suffix: png
              batch_size: 4
              dataset:
                name: ImgSegDataset
                data_suffix: jpg
            """;

    @Test
    void duplicateKeysKeepTheLastValueLikePyYamlAndSayWhere() {
        ConfigNode root = YamlDocument.parse(DUPLICATED);
        assertEquals("jpg", root.requireNode("loader").requireNode("dataset").string("data_suffix", null));
        List<String> warnings = root.documentWarnings();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("loader.dataset: written more than once (again at line 8)"), warnings.get(0));
    }

    @Test
    void duplicatesInsideListsAreNamedWithTheirIndex() {
        List<String> w = YamlDocument.parse("a:\n  - {x: 1, x: 2}\n  - {y: 1}\n").documentWarnings();
        assertEquals(1, w.size(), w.toString());
        assertTrue(w.get(0).startsWith("a[0].x: written more than once"), w.get(0));
    }

    @Test
    void aCleanDocumentHasNoWarnings() {
        assertTrue(YamlDocument.parse("model:\n  name: SeM\n").documentWarnings().isEmpty());
    }

    @Test
    void theWarningReachesTheJobSpec() {
        TrainJobSpec spec = TrainJobSpec.parse(DUPLICATED.replace("    data_suffix: jpg\n", "    data_suffix: jpg\n    data_path: d\noptimizer: {name: Adam}\n"));
        assertTrue(spec.warnings().stream().anyMatch(w -> w.startsWith("loader.dataset: written more than once")), spec.warnings().toString());
    }

    @Test
    void malformedYamlStillFailsWithLineAndColumn() {
        ConfigException e = assertThrows(ConfigException.class, () -> YamlDocument.parse("model:\n  name: [SeM\n"));
        assertTrue(e.getMessage().contains("malformed YAML at line"), e.getMessage());
    }
}
