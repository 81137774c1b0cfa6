package dev.flemme4j.protocol.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Finds keys written twice in one YAML mapping, so a user learns which value was used and where. */
final class DuplicateKeys {
    private DuplicateKeys() {
    }

    static List<String> find(Node root) {
        List<String> out = new ArrayList<>();
        walk(root, "", out);
        return out;
    }

    private static void walk(Node node, String path, List<String> out) {
        if (node instanceof MappingNode map) {
            Set<String> seen = new HashSet<>();
            for (NodeTuple t : map.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
                String child = key == null ? path : path.isEmpty() ? key : path + "." + key;
                if (key != null && !seen.add(key)) {
                    out.add(child + ": written more than once (again at line " + (t.getKeyNode().getStartMark().getLine() + 1)
                            + "); the last value is used, as in Flemme (PyYAML)");
                }
                walk(t.getValueNode(), child, out);
            }
        } else if (node instanceof SequenceNode seq) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                walk(seq.getValue().get(i), path + "[" + i + "]", out);
            }
        }
    }
}
