package dev.flemme4j.protocol.registry;

/** The YAML shape a declared key takes, as the key reference prints it. */
public enum KeyType {
    STRING("string"),
    NAME("name"),
    INT("int"),
    NUMBER("number"),
    BOOL("bool"),
    INT_LIST("int list"),
    INT_OR_LIST("int or int list"),
    NUMBER_LIST("number list"),
    STRING_LIST("string list"),
    MAPPING("mapping"),
    MAPPING_LIST("mapping or list of mappings"),
    ANY("any");

    private final String label;

    KeyType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
