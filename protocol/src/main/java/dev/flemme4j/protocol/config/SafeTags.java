package dev.flemme4j.protocol.config;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Vets a composed YAML tree before anything is constructed from it: only plain data tags are allowed, so a
 * {@code !!javax.script...} or {@code !custom} value is refused by its YAML path instead of reaching a constructor,
 * and alias graphs that would expand into millions of values (billion laughs) or into themselves are refused too.
 */
final class SafeTags {
    /** Values a job may expand to after aliases; real jobs have a few hundred. */
    static final int MAX_EXPANDED_VALUES = 100_000;

    private static final Set<Tag> ALLOWED = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.MAP, Tag.SEQ,
            Tag.MERGE, Tag.TIMESTAMP);

    private final Map<Node, Boolean> ancestors = new IdentityHashMap<>();
    private int visited;

    private SafeTags() {
    }

    static void check(Node root) {
        if (root != null) {
            new SafeTags().walk(root, "");
        }
    }

    private void walk(Node node, String path) {
        if (++visited > MAX_EXPANDED_VALUES) {
            throw new ConfigException(path, "the document expands to more than " + MAX_EXPANDED_VALUES
                    + " values through aliases (*name); write the values out or use fewer aliases");
        }
        if (!ALLOWED.contains(node.getTag())) {
            throw new ConfigException(path, "the YAML tag " + node.getTag().getValue()
                    + " is not allowed; job files hold plain values, lists and mappings only (line "
                    + (node.getStartMark() == null ? "?" : String.valueOf(node.getStartMark().getLine() + 1)) + ")");
        }
        if (ancestors.put(node, Boolean.TRUE) != null) {
            throw new ConfigException(path, "an alias refers to a value that contains it (recursive YAML)");
        }
        if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                Node key = t.getKeyNode();
                String name = key instanceof org.yaml.snakeyaml.nodes.ScalarNode s ? s.getValue() : "?";
                String child = path.isEmpty() ? name : path + "." + name;
                walk(key, child);
                walk(t.getValueNode(), child);
            }
        } else if (node instanceof SequenceNode seq) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                walk(seq.getValue().get(i), path + "[" + i + "]");
            }
        }
        ancestors.remove(node);
    }
}
