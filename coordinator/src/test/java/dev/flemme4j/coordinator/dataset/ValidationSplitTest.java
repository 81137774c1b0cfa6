package dev.flemme4j.coordinator.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ValidationSplitTest {
    private final List<Integer> samples = IntStream.range(0, 100).boxed().toList();

    @Test
    void sameSeedSameSplit() {
        assertEquals(ValidationSplit.split(samples, 0.2, 7), ValidationSplit.split(samples, 0.2, 7));
        assertNotEquals(ValidationSplit.split(samples, 0.2, 7).val(), ValidationSplit.split(samples, 0.2, 8).val());
    }

    @Test
    void splitIsAPartitionWithTheRequestedRatio() {
        var s = ValidationSplit.split(samples, 0.2, 7);
        assertEquals(20, s.val().size());
        assertEquals(80, s.train().size());
        List<Integer> all = new ArrayList<>(s.train());
        all.addAll(s.val());
        all.sort(null);
        assertEquals(samples, all);
    }

    @Test
    void sizesAreFlemmes() {
        // python3 -c "print([n - int(n * (1 - r)) for n, r in [(7, 0.3), (10, 0.15), (10, 0.25), (3, 0.5)]])" → [3, 2, 3, 2]
        assertEquals(3, ValidationSplit.split(IntStream.range(0, 7).boxed().toList(), 0.3, 1).val().size());
        assertEquals(2, ValidationSplit.split(IntStream.range(0, 10).boxed().toList(), 0.15, 1).val().size());
        assertEquals(3, ValidationSplit.split(IntStream.range(0, 10).boxed().toList(), 0.25, 1).val().size());
        assertEquals(2, ValidationSplit.split(IntStream.range(0, 3).boxed().toList(), 0.5, 1).val().size());
    }

    @Test
    void noRatioNoValidation() {
        assertTrue(ValidationSplit.split(samples, 0, 1).val().isEmpty());
        assertEquals(1, ValidationSplit.split(List.of(1, 2), 0.01, 1).val().size());
    }
}
