package dev.flemme4j.protocol.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One YAML mapping with its path, read key by key. Every accessor records the key as consumed, so that
 * {@link #rejectUnknownKeys()} can name whatever the user wrote that nobody understood (Flemme silently
 * ignores leftovers; a typo there costs a user a training run, so we fail fast instead).
 * Errors are {@link ConfigException}s carrying the full YAML path.
 */
public final class ConfigNode {
    private final String path;
    private final Map<String, Object> values;
    private final Set<String> consumed = new LinkedHashSet<>();
    private final List<String> documentWarnings;
    /** What the whole document recorded, shared by every node derived from its root. */
    private final DocumentLog log;
    /** Keys a registry declared for this section, or null for a section no registry has bound. */
    private final Set<String> declared;

    public ConfigNode(String path, Map<String, Object> values) {
        this(path, values, List.of(), new DocumentLog(), null);
    }

    ConfigNode(String path, Map<String, Object> values, List<String> documentWarnings) {
        this(path, values, documentWarnings, new DocumentLog(), null);
    }

    private ConfigNode(String path, Map<String, Object> values, List<String> documentWarnings, DocumentLog log,
            Set<String> declared) {
        this.path = path == null ? "" : path;
        this.values = values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.documentWarnings = List.copyOf(documentWarnings);
        this.log = log;
        this.declared = declared;
    }

    /** The same section with other values (e.g. old key spellings renamed); shares the document's warnings. */
    public ConfigNode withValues(Map<String, Object> newValues) {
        return new ConfigNode(path, newValues, documentWarnings, log, declared);
    }

    /**
     * This section bound to the keys a registry declares for it: reading or testing any other key is a
     * programming error (a key read outside the registry), and {@link #rejectUnknownKeys()} lists the declared keys.
     */
    public ConfigNode declare(Collection<String> keys) {
        return new ConfigNode(path, values, documentWarnings, log, Collections.unmodifiableSet(new LinkedHashSet<>(keys)));
    }

    /** The keys a registry declared for this section, or null when none did. */
    public Set<String> declaredKeys() {
        return declared;
    }

    /** Records a warning about {@code key} (e.g. a key with no effect) for the job state. */
    public void warn(String key, String message) {
        log.warnings.add(pathOf(key) + ": " + message);
    }

    /** Every warning recorded by this document's nodes so far. */
    public List<String> warnings() {
        return List.copyOf(log.warnings);
    }

    /**
     * Every key path this document's nodes read (or tested) in sections no registry declared: what is still read
     * outside the registry. Indices are kept ({@code loader.data_transforms[0].name}).
     */
    public Set<String> undeclaredReads() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(log.undeclaredReads));
    }

    /** What the parser noticed about the document as a whole (only the root node of a parsed document has any). */
    public List<String> documentWarnings() {
        return documentWarnings;
    }

    public static ConfigNode empty(String path) {
        return new ConfigNode(path, Map.of());
    }

    public String path() {
        return path;
    }

    public String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public boolean has(String key) {
        checkDeclared(key);
        return values.containsKey(key) && values.get(key) != null;
    }

    public Set<String> keys() {
        return values.keySet();
    }

    /** The raw map (read-only), e.g. to pass a section on unchanged; marks nothing consumed. */
    public Map<String, Object> raw() {
        return values;
    }

    /** Marks a key as understood without reading it (keys Flemme itself ignores). */
    public void ignore(String... keys) {
        Collections.addAll(consumed, keys);
    }

    private Object take(String key) {
        checkDeclared(key);
        consumed.add(key);
        return values.get(key);
    }

    private void checkDeclared(String key) {
        if (declared == null) {
            log.undeclaredReads.add(pathOf(key));
        } else if (!declared.contains(key)) {
            throw new IllegalStateException(pathOf(key) + " is read but not declared for this section; declare the key"
                    + " in its registry entry (declared: " + String.join(", ", declared) + ")");
        }
    }

    public ConfigException error(String key, String reason) {
        return new ConfigException(pathOf(key), reason);
    }

    // ---- scalars -------------------------------------------------------------------------------

    public String string(String key, String dflt) {
        Object v = take(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Map || v instanceof List) {
            throw error(key, "expected a string but found " + describe(v));
        }
        return String.valueOf(v);
    }

    /**
     * The name a registry dispatches on ({@code name:}, {@code mode:}), read before the section is bound to the keys
     * of that name: neither consumed nor recorded as an undeclared read. {@code dflt} null: required.
     */
    public String dispatchName(String key, String dflt) {
        Object v = values.get(key);
        if (v == null) {
            if (dflt == null) {
                throw error(key, "is required");
            }
            return dflt;
        }
        if (v instanceof Map || v instanceof List) {
            throw error(key, "expected a string but found " + describe(v));
        }
        String s = String.valueOf(v);
        if (s.isBlank() && dflt == null) {
            throw error(key, "is required");
        }
        return s;
    }

    public String requireString(String key) {
        String v = string(key, null);
        if (v == null || v.isBlank()) {
            throw error(key, "is required");
        }
        return v;
    }

    public int integer(String key, int dflt) {
        Object v = take(key);
        if (v == null) {
            return dflt;
        }
        return toInt(pathOf(key), v);
    }

    public long longValue(String key, long dflt) {
        Object v = take(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n && isIntegral(n)) {
            return n.longValue();
        }
        if (v instanceof String s && s.trim().equalsIgnoreCase("inf")) {
            return Long.MAX_VALUE;
        }
        throw error(key, "expected an integer but found " + describe(v));
    }

    public double number(String key, double dflt) {
        Object v = take(key);
        if (v == null) {
            return dflt;
        }
        return toDouble(pathOf(key), v);
    }

    public boolean bool(String key, boolean dflt) {
        Object v = take(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw error(key, "expected true or false but found " + describe(v));
    }

    /** A name that must be one of {@code allowed} (compared case-sensitively, as Flemme does). */
    public String choice(String key, String dflt, List<String> allowed) {
        String v = string(key, dflt);
        if (v != null && !allowed.contains(v)) {
            throw error(key, "unknown value '" + v + "'" + suggestion(v, allowed) + "; allowed: " + String.join(", ", allowed));
        }
        return v;
    }

    // ---- lists ---------------------------------------------------------------------------------

    /** An int list; a single int is accepted as a one-element list (Flemme accepts both). */
    public List<Integer> intList(String key, List<Integer> dflt) {
        return scalarList(key, dflt, ConfigValues::toInt);
    }

    /** A number list; a single number is accepted as a one-element list. */
    public List<Double> numberList(String key, List<Double> dflt) {
        return scalarList(key, dflt, ConfigValues::toDouble);
    }

    private <T> List<T> scalarList(String key, List<T> dflt, BiFunction<String, Object, T> convert) {
        Object v = take(key);
        if (v == null) {
            return dflt;
        }
        String p = pathOf(key);
        if (v instanceof List<?> list) {
            List<T> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                out.add(convert.apply(p + "[" + i + "]", list.get(i)));
            }
            return List.copyOf(out);
        }
        return List.of(convert.apply(p, v));
    }

    /** A list of strings where YAML {@code null} items stay null (e.g. Flemme's {@code down_attens: [null, atten]}). */
    public List<String> stringList(String key, List<String> dflt) {
        Object v = take(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof List<?> list) {
            List<String> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                Object item = list.get(i);
                if (item instanceof Map || item instanceof List) {
                    throw new ConfigException(pathOf(key) + "[" + i + "]", "expected a string but found " + describe(item));
                }
                out.add(item == null ? null : String.valueOf(item));
            }
            return Collections.unmodifiableList(out);
        }
        if (v instanceof Map) {
            throw error(key, "expected a list but found " + describe(v));
        }
        return List.of(String.valueOf(v));
    }

    // ---- nested --------------------------------------------------------------------------------

    /** A nested mapping, or null when absent. */
    public ConfigNode node(String key) {
        Object v = take(key);
        if (v == null) {
            return null;
        }
        return child(pathOf(key), v);
    }

    public ConfigNode requireNode(String key) {
        ConfigNode n = node(key);
        if (n == null) {
            throw error(key, "is required");
        }
        return n;
    }

    /**
     * A list of mappings, where a single mapping also counts as a one-element list (Flemme's losses may be
     * written either way).
     */
    public List<ConfigNode> nodeList(String key) {
        Object v = take(key);
        if (v == null) {
            return null;
        }
        String p = pathOf(key);
        if (v instanceof Map) {
            return List.of(child(p, v));
        }
        if (v instanceof List<?> list) {
            List<ConfigNode> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                out.add(child(p + "[" + i + "]", list.get(i)));
            }
            return List.copyOf(out);
        }
        throw new ConfigException(p, "expected a mapping or a list of mappings but found " + describe(v));
    }

    /** Reads the raw value of a key, marking it consumed; for values with several legal shapes. */
    public Object rawValue(String key) {
        return take(key);
    }

    public <T> T map(String key, Function<ConfigNode, T> parser) {
        ConfigNode n = node(key);
        return n == null ? null : parser.apply(n);
    }

    /** Fails on the first key nobody read, listing what this section understands. */
    /**
     * Refuses, naming the first, any of {@code keys} given here but not read: declared keys that apply only to
     * some variants of a section (e.g. label transforms of a dataset without labels).
     */
    public void refuseUnread(String reason, String... keys) {
        for (String k : keys) {
            if (values.get(k) != null && !consumed.contains(k)) {
                throw error(k, reason);
            }
        }
    }

    public void rejectUnknownKeys() {
        for (String k : values.keySet()) {
            if (declared != null && declared.contains(k) && !consumed.contains(k)) {
                // a declared key that nobody read would be silently ignored: the parser must read or refuse it
                throw new IllegalStateException(pathOf(k) + " is declared but its parser never read it");
            }
            if (!consumed.contains(k)) {
                List<String> known = new ArrayList<>(declared == null ? consumed : declared);
                throw error(k, "unknown key" + suggestion(k, known) + "; this section understands: " + String.join(", ", known));
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** Warnings and undeclared reads of one document. */
    private static final class DocumentLog {
        private final List<String> warnings = new ArrayList<>();
        private final Set<String> undeclaredReads = new LinkedHashSet<>();
    }

    private ConfigNode child(String childPath, Object v) {
        ConfigNode n = asNode(childPath, v);
        return new ConfigNode(n.path, n.values, List.of(), log, null);
    }

    @SuppressWarnings("unchecked")
    static ConfigNode asNode(String path, Object v) {
        if (v instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) {
                if (!(k instanceof String)) {
                    throw new ConfigException(path, "keys must be strings, found " + describe(k));
                }
            }
            return new ConfigNode(path, (Map<String, Object>) m);
        }
        throw new ConfigException(path, "expected a mapping but found " + describe(v));
    }

    private static int toInt(String path, Object v) {
        return ConfigValues.toInt(path, v);
    }

    private static double toDouble(String path, Object v) {
        return ConfigValues.toDouble(path, v);
    }

    private static boolean isIntegral(Number n) {
        return ConfigValues.isIntegral(n);
    }

    static String describe(Object v) {
        return ConfigValues.describe(v);
    }

    /** "; did you mean 'X'?" for the closest allowed name within a small edit distance, else "". */
    public static String suggestion(String given, List<String> allowed) {
        return ConfigValues.suggestion(given, allowed);
    }
}
