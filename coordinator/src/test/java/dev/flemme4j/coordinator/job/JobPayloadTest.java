package dev.flemme4j.coordinator.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JobPayloadTest {
    @Test
    void acceptsYamlText() {
        assertEquals("mode: train\n", JobPayload.text("mode: train\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void dropsUtf8ByteOrderMark() {
        assertEquals("a: 1", JobPayload.text("\uFEFFa: 1".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void rejectsEmptyBlankAndNull() {
        assertPayload(null, "empty");
        assertPayload(new byte[0], "empty");
        assertPayload("  \n ".getBytes(StandardCharsets.UTF_8), "blank");
    }

    @Test
    void rejectsNonUtf8() {
        assertPayload(new byte[] {(byte) 0xff, (byte) 0xfe, 0x41}, "not UTF-8");
    }

    @Test
    void rejectsBinary() {
        assertPayload(new byte[] {'a', ':', 0, 1, 2}, "control character");
    }

    @Test
    void rejectsOversize() {
        byte[] big = new byte[JobPayload.MAX_BYTES + 1];
        java.util.Arrays.fill(big, (byte) 'a');
        assertPayload(big, "limit");
    }

    private static void assertPayload(byte[] value, String fragment) {
        JobRejection r = assertThrows(JobRejection.class, () -> JobPayload.text(value));
        assertEquals(RejectReason.PAYLOAD, r.reason());
        assertEquals("", r.path());
        assertTrue(r.getMessage().contains(fragment), r.getMessage());
    }
}
