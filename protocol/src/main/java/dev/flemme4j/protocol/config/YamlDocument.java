package dev.flemme4j.protocol.config;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/** Parses YAML text safely (no arbitrary types) into a root {@link ConfigNode}. */
public final class YamlDocument {
    /** Jobs are small text files; anything bigger is a mistake or an attack on the parser. */
    public static final int MAX_YAML_CHARS = 1 << 20;

    private YamlDocument() {
    }

    public static ConfigNode parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ConfigException("", "the document is empty");
        }
        if (text.length() > MAX_YAML_CHARS) {
            throw new ConfigException("", "the document is " + text.length() + " characters; the limit is " + MAX_YAML_CHARS);
        }
        LoaderOptions options = new LoaderOptions();
        // PyYAML, which Flemme uses, keeps the last of duplicate keys; upstream's own configs rely on it
        // (e.g. tn3k's train_resnet_sem.yaml repeats loader.dataset), so we do the same and warn.
        options.setAllowDuplicateKeys(true);
        options.setMaxAliasesForCollections(50);
        options.setCodePointLimit(MAX_YAML_CHARS * 2);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        // The composer used only to vet tags lets global tags through so SafeTags can name their YAML path;
        // the loader below keeps SnakeYAML's default refusal of global tags as a second line.
        LoaderOptions vetting = copy(options);
        vetting.setTagInspector(tag -> true);
        Yaml inspector = new Yaml(new SafeConstructor(vetting));
        Object doc;
        org.yaml.snakeyaml.nodes.Node tree;
        try {
            // Compose and vet the node tree first: nothing is constructed from a tag we did not allow.
            tree = inspector.compose(new StringReader(text));
            SafeTags.check(tree);
            doc = yaml.load(text);
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark();
            String where = m == null ? "" : " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1);
            throw new ConfigException("", "malformed YAML" + where + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw new ConfigException("", "malformed YAML: " + e.getMessage());
        }
        if (!(doc instanceof Map)) {
            throw new ConfigException("", "the document must be a YAML mapping (key: value lines), found " + ConfigNode.describe(doc));
        }
        ConfigNode root = ConfigNode.asNode("", doc);
        List<String> duplicates = DuplicateKeys.find(tree);
        return duplicates.isEmpty() ? root : new ConfigNode("", root.raw(), duplicates);
    }

    private static LoaderOptions copy(LoaderOptions o) {
        LoaderOptions c = new LoaderOptions();
        c.setAllowDuplicateKeys(o.isAllowDuplicateKeys());
        c.setMaxAliasesForCollections(o.getMaxAliasesForCollections());
        c.setCodePointLimit(o.getCodePointLimit());
        return c;
    }

    /** Serialises a plain map back to YAML (block style), for messages that carry a config section. */
    public static String dump(Map<String, Object> map) {
        org.yaml.snakeyaml.DumperOptions o = new org.yaml.snakeyaml.DumperOptions();
        o.setDefaultFlowStyle(org.yaml.snakeyaml.DumperOptions.FlowStyle.BLOCK);
        return new Yaml(o).dump(map);
    }
}
