package dev.flemme4j.worker.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShuffleBufferTest {
    @Test
    void emitsEveryItemExactlyOnceInAnotherOrder() {
        List<Integer> out = pass(64, 200, 1);
        assertEquals(IntStream.range(0, 200).boxed().toList(), out.stream().sorted().toList());
        assertNotEquals(IntStream.range(0, 200).boxed().toList(), out);
    }

    @Test
    void sameSeedSameOrderAndCapacityOneKeepsOrder() {
        assertEquals(pass(32, 100, 7), pass(32, 100, 7));
        assertEquals(IntStream.range(0, 50).boxed().toList(), pass(1, 50, 3));
    }

    private static List<Integer> pass(int capacity, int n, long seed) {
        ShuffleBuffer<Integer> b = new ShuffleBuffer<>(capacity, new Random(seed));
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Integer e = b.offer(i);
            if (e != null) {
                out.add(e);
            }
        }
        for (Integer e = b.drain(); e != null; e = b.drain()) {
            out.add(e);
        }
        return out;
    }
}
