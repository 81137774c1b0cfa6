package dev.flemme4j.protocol.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.config.YamlDocument;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComponentKindTest {
    private record Blur(String label, double sigma) {
    }

    private static final KeySet BLUR_KEYS = KeySet.of(
            Key.required("name", KeyType.NAME, "the transform"),
            Key.of("sigma", KeyType.NUMBER, "1.0", "kernel width").alias("std"),
            Key.of("seed", KeyType.INT, null, "unused").withoutEffect("draws come from the job seed"));

    private static ComponentKind<Component<Blur>> kind() {
        return new ComponentKind<Component<Blur>>("transform", "transform", "test transforms")
                .register(Component.of("Blur", "Gaussian blur", BLUR_KEYS,
                        n -> new Blur(n.string("name", null), n.number("sigma", 1.0))).alsoNamed("GaussianBlur"))
                .later("Elastic");
    }

    private static ConfigNode section(String yaml) {
        return YamlDocument.parse(yaml).requireNode("t");
    }

    @Test
    void parsesThroughTheRegisteredNameOrAlias() {
        ComponentKind<Component<Blur>> k = kind();
        ConfigNode n = section("t: {name: GaussianBlur, std: 2.5}");
        Blur b = k.read(n, "name", null).parse(n);
        assertEquals(new Blur("GaussianBlur", 2.5), b);
        assertEquals(List.of("Blur", "GaussianBlur"), k.names());
    }

    @Test
    void unknownNameNamesThePathSuggestsAndListsChoices() {
        ConfigNode n = section("t: {name: Blurr}");
        ConfigException e = assertThrows(ConfigException.class, () -> kind().read(n, "name", null));
        assertEquals("t.name", e.path());
        assertTrue(e.getMessage().contains("did you mean 'Blur'?"), e.getMessage());
        assertTrue(e.getMessage().contains("supported: Blur, GaussianBlur"), e.getMessage());
    }

    @Test
    void laterNamesAreNotTypos() {
        ConfigNode n = section("t: {name: Elastic}");
        ConfigException e = assertThrows(ConfigException.class, () -> kind().read(n, "name", null));
        assertTrue(e.getMessage().contains("not supported yet in flemme4j"), e.getMessage());
    }

    @Test
    void unknownKeyListsTheDeclaredKeys() {
        ConfigNode n = section("t: {name: Blur, sigam: 2}");
        Component<Blur> c = kind().read(n, "name", null);
        ConfigNode bound = c.bind(n);
        bound.number("sigma", 1.0);
        ConfigException e = assertThrows(ConfigException.class, bound::rejectUnknownKeys);
        assertEquals("t.sigam", e.path());
        assertTrue(e.getMessage().contains("did you mean 'sigma'?"), e.getMessage());
        assertTrue(e.getMessage().contains("understands: name, sigma, seed"), e.getMessage());
    }

    @Test
    void twoSpellingsOfOneKeyFail() {
        ConfigNode n = section("t: {name: Blur, sigma: 1, std: 2}");
        ConfigException e = assertThrows(ConfigException.class, () -> BLUR_KEYS.bind(n));
        assertTrue(e.getMessage().contains("two spellings"), e.getMessage());
    }

    @Test
    void keyWithoutEffectIsAWarningNotSilence() {
        ConfigNode root = YamlDocument.parse("t: {name: Blur, seed: 3}");
        ConfigNode bound = BLUR_KEYS.bind(root.requireNode("t"));
        bound.string("name", null);
        bound.rejectUnknownKeys();
        assertEquals(List.of("t.seed: draws come from the job seed"), root.warnings());
    }

    @Test
    void readingAnUndeclaredKeyIsAProgrammingError() {
        ConfigNode bound = BLUR_KEYS.bind(section("t: {name: Blur}"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> bound.integer("radius", 3));
        assertTrue(e.getMessage().contains("t.radius is read but not declared"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> bound.has("radius"));
    }

    @Test
    void aDeclaredKeyThatIsNeverReadIsAProgrammingError() {
        ConfigNode bound = kind().find("Blur").orElseThrow().bind(section("t: {name: Blur, sigma: 2}"));
        IllegalStateException e = assertThrows(IllegalStateException.class, bound::rejectUnknownKeys);
        assertTrue(e.getMessage().contains("t.sigma is declared but its parser never read it"), e.getMessage());
    }

    @Test
    void aNameRegistersOnce() {
        ComponentKind<Component<Blur>> k = kind();
        Component<Blur> again = Component.of("GaussianBlur", "", BLUR_KEYS, n -> null);
        assertThrows(IllegalStateException.class, () -> k.register(again));
    }
}
