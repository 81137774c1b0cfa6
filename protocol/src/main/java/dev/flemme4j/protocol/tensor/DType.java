package dev.flemme4j.protocol.tensor;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Element types a tensor record can carry. The {@link #code()} is what goes on the wire; it never changes
 * for an existing constant (new types get new codes), so records written today stay readable.
 */
public enum DType {
    FLOAT32(1, 4),
    INT64(2, 8),
    INT32(3, 4),
    UINT8(4, 1);

    private final int code;
    private final int byteSize;

    DType(int code, int byteSize) {
        this.code = code;
        this.byteSize = byteSize;
    }

    /** Wire code (one unsigned byte). */
    public int code() {
        return code;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** Lower-case name used in JSON (model manifests): {@code float32}, {@code int64}, {@code int32}, {@code uint8}. */
    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type for a JSON name (case-insensitive), or an exception listing the valid names. */
    @JsonCreator
    public static DType fromJsonName(String name) {
        for (DType t : values()) {
            if (t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown dtype '" + name + "' (float32, int64, int32, uint8)");
    }

    /** The type for a wire code, or a {@link TensorRecordException} listing the known codes. */
    public static DType fromCode(int code) {
        for (DType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new TensorRecordException("unknown dtype code " + code + " (known: 1=FLOAT32, 2=INT64, 3=INT32, 4=UINT8)");
    }
}
