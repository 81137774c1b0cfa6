package dev.flemme4j.protocol.model;

import dev.flemme4j.protocol.tensor.DType;
import java.util.List;
import java.util.Objects;

/**
 * Name, element type and shape of one model input or output. A dimension of {@code -1} is dynamic (typically
 * the batch axis), so {@code [-1, 1, 64, 64]} accepts any batch of one-channel 64×64 images.
 */
public record TensorSpec(String name, DType dtype, List<Long> shape) {

    public static final long DYNAMIC = -1;

    public TensorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("tensor name must not be empty");
        }
        for (Long d : shape) {
            if (d == null || d < DYNAMIC || d == 0) {
                throw new IllegalArgumentException("tensor '" + name + "' shape " + shape + ": dims must be positive or -1 (dynamic)");
            }
        }
        shape = List.copyOf(shape);
    }

    public static TensorSpec of(String name, DType dtype, long... shape) {
        return new TensorSpec(name, dtype, java.util.Arrays.stream(shape).boxed().toList());
    }

    /** Whether a concrete shape fits this spec (same rank, equal on every non-dynamic axis). */
    public boolean accepts(long[] actual) {
        if (actual.length != shape.size()) {
            return false;
        }
        for (int i = 0; i < actual.length; i++) {
            long want = shape.get(i);
            if (want != DYNAMIC && want != actual[i]) {
                return false;
            }
        }
        return true;
    }

    /** The shape as text with dynamic axes shown as {@code N} for the first and {@code ?} elsewhere, e.g. {@code [N, 1, 64, 64]}. */
    public String describeShape() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            long d = shape.get(i);
            sb.append(d == DYNAMIC ? (i == 0 ? "N" : "?") : Long.toString(d));
        }
        return sb.append(']').toString();
    }
}
