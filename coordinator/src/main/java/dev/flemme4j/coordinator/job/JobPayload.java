package dev.flemme4j.coordinator.job;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns the raw Kafka value of a job submission into YAML text, or rejects it. Anyone can produce to the jobs
 * topic (kcat included), so the bytes are checked before the YAML parser sees them.
 */
public final class JobPayload {
    public static final int MAX_BYTES = 1 << 20;

    private JobPayload() {
    }

    public static String text(byte[] value) {
        if (value == null || value.length == 0) {
            throw new JobRejection(RejectReason.PAYLOAD, "", "the job is empty; expected the YAML text of a training config");
        }
        if (value.length > MAX_BYTES) {
            throw new JobRejection(RejectReason.PAYLOAD, "", "the job is " + value.length + " bytes; the limit is "
                    + MAX_BYTES + " bytes (1 MiB) of YAML text");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new JobRejection(RejectReason.PAYLOAD, "", "the job is not UTF-8 text (" + value.length
                    + " bytes of binary data?); expected the YAML text of a training config");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
                throw new JobRejection(RejectReason.PAYLOAD, "", "the job contains control character 0x"
                        + Integer.toHexString(c) + " at offset " + i + "; expected YAML text, not binary data");
            }
        }
        if (text.isBlank()) {
            throw new JobRejection(RejectReason.PAYLOAD, "", "the job is blank; expected the YAML text of a training config");
        }
        return text;
    }
}
