package dev.flemme4j.protocol.transform;

import static dev.flemme4j.protocol.registry.KeyType.ANY;
import static dev.flemme4j.protocol.registry.KeyType.INT;

import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.image.SpatialImage;
import dev.flemme4j.protocol.registry.Key;
import dev.flemme4j.protocol.registry.KeySet;
import dev.flemme4j.protocol.spec.TransformSpec;
import java.util.List;
import dev.flemme4j.protocol.config.ConfigException;
import java.util.ArrayList;

/** Flemme's Relabel: offset wins over map; with neither it numbers the distinct values consecutively. */
final class Relabel extends Transform {
    Relabel() {
        super("Relabel", "label values: + offset, or map [from, to] pairs, or (neither) numbered 0, 1, 2, ...", sameKeys(),
                sameKeys());
    }

    private static KeySet sameKeys() {
        return KeySet.of(Key.of("offset", INT, null, "added to every value (wins over map); the only form for a class index"),
                Key.of("map", ANY, null, "a list of [from, to] integer pairs, e.g. [[4, 3]]"));
    }

    @Override
    public TransformSpec parse(ConfigNode n, int dim) {
        Integer offset = n.has("offset") ? n.integer("offset", 0) : null;
        Object raw = n.rawValue("map");
        List<List<Integer>> pairs = new ArrayList<>();
        if (raw != null) {
            if (!(raw instanceof List<?> list) || list.isEmpty()) {
                throw n.error("map", "must be a non-empty list of [from, to] pairs, e.g. [[4, 3]]");
            }
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof List<?> kv) || kv.size() != 2 || !(kv.get(0) instanceof Integer a)
                        || !(kv.get(1) instanceof Integer b)) {
                    throw new ConfigException(n.pathOf("map") + "[" + i + "]", "must be an integer pair [from, to], got "
                            + list.get(i));
                }
                pairs.add(List.of(a, b));
            }
        }
        return new TransformSpec(name(), null, null, null, null, 0, 0, 0, offset, offset != null ? List.of() : pairs,
                0, false);
    }

    @Override
    public SpatialImage apply(SpatialImage x, TransformSpec t, ImagePass pass) {
        return t.offset() != null ? x.addOffset(t.offset())
                : t.map().isEmpty() ? x.consecutiveLabels()
                : x.relabel(t.map().stream().map(kv -> new int[] {kv.get(0), kv.get(1)}).toList());
    }

    @Override
    public boolean changesValueType() {
        return true;
    }

    @Override
    public boolean appliesToClassIndex() {
        return true;
    }

    @Override
    public void checkClassIndex(TransformSpec t, String at) {
        if (t.offset() == null) {
            throw new ConfigException(at + (t.map().isEmpty() ? ".offset" : ".map"), "a class index is relabelled"
                    + " by offset only (Flemme's map and consecutive forms fail on a single integer); give offset");
        }
    }

    @Override
    public void applyToClassIndex(ClassIndex c, TransformSpec t, String at, boolean first, String sample) {
        c.add(t.offset());
    }
}
