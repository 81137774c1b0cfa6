package dev.flemme4j.protocol.tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An ordered set of uniquely named tensors: one Kafka value or one HTTP body. Immutable. */
public final class TensorRecord {

    /** Most tensors in one record (the count is a u16 on the wire). */
    public static final int MAX_TENSORS = 0xFFFF;

    private final List<NamedTensor> tensors;
    private final Map<String, NamedTensor> byName;

    private TensorRecord(List<NamedTensor> tensors) {
        if (tensors.size() > MAX_TENSORS) {
            throw new TensorRecordException("a record holds at most " + MAX_TENSORS + " tensors, got " + tensors.size());
        }
        Map<String, NamedTensor> map = new LinkedHashMap<>();
        for (NamedTensor t : tensors) {
            if (map.putIfAbsent(t.name(), t) != null) {
                throw new TensorRecordException("duplicate tensor name '" + t.name() + "'");
            }
        }
        this.tensors = List.copyOf(tensors);
        this.byName = Collections.unmodifiableMap(map);
    }

    public static TensorRecord of(NamedTensor... tensors) {
        return new TensorRecord(List.of(tensors));
    }

    public static TensorRecord of(List<NamedTensor> tensors) {
        return new TensorRecord(new ArrayList<>(tensors));
    }

    public List<NamedTensor> tensors() {
        return tensors;
    }

    public int size() {
        return tensors.size();
    }

    public Optional<NamedTensor> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The tensor with this name, or an exception that lists the names the record does have. */
    public NamedTensor require(String name) {
        NamedTensor t = byName.get(name);
        if (t == null) {
            throw new TensorRecordException("record has no tensor named '" + name + "' (it has " + byName.keySet() + ")");
        }
        return t;
    }

    /** A new record with this tensor appended. */
    public TensorRecord with(NamedTensor tensor) {
        List<NamedTensor> list = new ArrayList<>(tensors);
        list.add(tensor);
        return new TensorRecord(list);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorRecord r && tensors.equals(r.tensors);
    }

    @Override
    public int hashCode() {
        return tensors.hashCode();
    }

    @Override
    public String toString() {
        return "TensorRecord" + tensors;
    }
}
