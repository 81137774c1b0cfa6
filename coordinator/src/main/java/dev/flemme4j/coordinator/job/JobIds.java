package dev.flemme4j.coordinator.job;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Job ids: the Kafka key when the submitter gave one. Our CLI and HTTP API key their records with
 * {@code job-<yyyyMMdd-HHmmss>-<4 hex>} (UTC). A record without a key (kcat) is named after itself,
 * {@code job-<yyyyMMdd-HHmmss of its timestamp>-<partition>-<offset>}: a redelivery of the same record (a coordinator
 * restarted before committing it) then finds its job under the same id instead of queueing it a second time.
 */
public final class JobIds {
    /** Ids end up in URLs, artifact directory names and Kafka keys: keep them to a safe alphabet. */
    public static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final Random random;

    public JobIds(Clock clock, Random random) {
        this.clock = clock;
        this.random = random;
    }

    public static JobIds system() {
        return new JobIds(Clock.systemUTC(), new java.security.SecureRandom());
    }

    /** A fresh id not yet known to {@code taken} (two jobs in the same second must not collide). */
    public String next(Predicate<String> taken) {
        String stamp = STAMP.format(clock.instant());
        while (true) {
            byte[] b = new byte[2];
            random.nextBytes(b);
            String id = "job-" + stamp + "-" + HexFormat.of().formatHex(b);
            if (!taken.test(id)) {
                return id;
            }
        }
    }

    /** The id of an unkeyed record: the same for every delivery of that record, distinct for any other. */
    public static String ofRecord(int partition, long offset, long timestamp) {
        return "job-" + STAMP.format(java.time.Instant.ofEpochMilli(Math.max(0, timestamp))) + "-" + partition + "-" + offset;
    }

    public String next() {
        return next(id -> false);
    }

    /** A null or blank key asks the coordinator to pick the id. */
    public static boolean isBlank(String key) {
        return key == null || key.isBlank();
    }

    public static boolean isValid(String key) {
        return key != null && VALID.matcher(key).matches();
    }
}
