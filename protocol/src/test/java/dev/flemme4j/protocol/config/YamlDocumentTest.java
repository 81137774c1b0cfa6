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

    /** Would record that it was loaded; the parser must never get that far. */
    static final class Tripwire {
        static {
            System.setProperty("flemme4j.test.tripwire", "loaded");
        }
    }

    @Test
    void aGlobalJavaTagIsRefusedByItsPathAndNeverConstructed() {
        ConfigException e = assertThrows(ConfigException.class, () -> YamlDocument.parse("""
                model:
                  name: SeM
                loader:
                  dataset: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL ["http://127.0.0.1:1/"]]]]
                """));
        assertEquals("loader.dataset", e.path());
        assertTrue(e.reason().contains("tag:yaml.org,2002:javax.script.ScriptEngineManager is not allowed"), e.getMessage());
    }

    @Test
    void aTagNamingAClassOnTheClassPathDoesNotLoadIt() {
        System.clearProperty("flemme4j.test.tripwire");
        String tag = "!!" + Tripwire.class.getName();
        ConfigException e = assertThrows(ConfigException.class, () -> YamlDocument.parse("model:\n  name: " + tag + " {}\n"));
        assertEquals("model.name", e.path());
        assertEquals(null, System.getProperty("flemme4j.test.tripwire"), "the tagged class was initialised");
    }

    @Test
    void localTagsAndJavaTagsInListsAreRefusedToo() {
        assertEquals("a", assertThrows(ConfigException.class, () -> YamlDocument.parse("a: !custom 3\n")).path());
        assertEquals("a[1].b", assertThrows(ConfigException.class,
                () -> YamlDocument.parse("a:\n  - 1\n  - {b: !!java.io.File [/etc/passwd]}\n")).path());
        assertEquals("x", assertThrows(ConfigException.class, () -> YamlDocument.parse("x: !!binary aGk=\n")).path());
    }

    @Test
    void plainExplicitTagsStillWork() {
        ConfigNode root = YamlDocument.parse("a: !!str 12\nb: !!int 3\nc: &v {k: 1}\nd: *v\n");
        assertEquals("12", root.string("a", null));
    }

    @Test
    void billionLaughsIsBoundedWithAClearError() {
        StringBuilder y = new StringBuilder("l0: &l0 [x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 9; i++) {
            y.append("l").append(i).append(": &l").append(i).append(" [");
            for (int j = 0; j < 5; j++) {
                y.append(j == 0 ? "" : ", ").append("*l").append(i - 1);
            }
            y.append("]\n");
        }
        ConfigException e = assertThrows(ConfigException.class, () -> YamlDocument.parse(y.toString()));
        assertTrue(e.reason().contains("expands to more than"), e.getMessage());
    }

    @Test
    void tooManyAliasesAreRefusedByTheParser() {
        StringBuilder y = new StringBuilder("a: &a [1]\nb: [");
        for (int j = 0; j < 60; j++) {
            y.append(j == 0 ? "" : ", ").append("*a");
        }
        ConfigException e = assertThrows(ConfigException.class, () -> YamlDocument.parse(y.append("]\n").toString()));
        assertTrue(e.reason().contains("aliases"), e.getMessage());
    }

    @Test
    void aRecursiveAliasIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> YamlDocument.parse("a: &x [1, *x]\n"));
        assertTrue(e.reason().contains("recursive"), e.getMessage());
    }

    @Test
    void aHugeDocumentIsRefusedBeforeParsing() {
        String big = "a: \"" + "x".repeat(YamlDocument.MAX_YAML_CHARS) + "\"\n";
        ConfigException e = assertThrows(ConfigException.class, () -> YamlDocument.parse(big));
        assertTrue(e.reason().contains("the limit is " + YamlDocument.MAX_YAML_CHARS), e.getMessage());
    }
}
