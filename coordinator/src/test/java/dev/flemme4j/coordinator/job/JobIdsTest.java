package dev.flemme4j.coordinator.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobIdsTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-26T09:08:07Z"), ZoneOffset.UTC);

    @Test
    void generatedIdsCarryUtcTimeAndFourHexDigits() {
        String id = new JobIds(clock, new Random(1)).next();
        assertTrue(id.matches("job-20261126-090807-[0-9a-f]{4}"), id);
        assertTrue(JobIds.isValid(id));
    }

    @Test
    void generatedIdsAvoidTakenOnes() {
        String first = new JobIds(clock, new Random(1)).next();
        String second = new JobIds(clock, new Random(1)).next(Set.of(first)::contains);
        assertNotEquals(first, second);
    }

    @Test
    void blankAndInvalidKeys() {
        assertTrue(JobIds.isBlank(null));
        assertTrue(JobIds.isBlank(""));
        assertTrue(JobIds.isBlank("  "));
        assertFalse(JobIds.isBlank("my-job"));
        assertTrue(JobIds.isValid("my-job_1.2"));
        assertFalse(JobIds.isValid("../etc"));
        assertFalse(JobIds.isValid("a b"));
        assertFalse(JobIds.isValid("x".repeat(200)));
        assertEquals(false, JobIds.isValid(null));
    }
}
