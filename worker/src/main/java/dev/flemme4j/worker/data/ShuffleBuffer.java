package dev.flemme4j.worker.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Randomises a stream whose natural order is the file order of the dataset: holds up to {@code capacity} items
 * and releases a random one for each new arrival (the scheme tf.data and WebDataset use). With a capacity at
 * least the epoch size this is a full uniform shuffle.
 */
public final class ShuffleBuffer<T> {
    private final List<T> items;
    private final int capacity;
    private final Random random;

    public ShuffleBuffer(int capacity, Random random) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1");
        }
        this.capacity = capacity;
        this.items = new ArrayList<>(capacity);
        this.random = random;
    }

    /** Adds an item; returns an item to emit when the buffer is full, else null. */
    public T offer(T item) {
        if (items.size() < capacity) {
            items.add(item);
            return null;
        }
        int i = random.nextInt(capacity);
        T out = items.get(i);
        items.set(i, item);
        return out;
    }

    /** Removes and returns a random remaining item, or null when empty (end of epoch). */
    public T drain() {
        if (items.isEmpty()) {
            return null;
        }
        int i = random.nextInt(items.size());
        T out = items.get(i);
        int last = items.size() - 1;
        items.set(i, items.get(last));
        items.remove(last);
        return out;
    }

    public int size() {
        return items.size();
    }
}
