package dev.flemme4j.cli;

import dev.flemme4j.kafka.BrokerCheck;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How long a long-running role (coordinator, worker, serving) waits at start for the broker to answer it. */
final class BrokerWaitOptions {
    @Option(names = "--broker-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = {"wait this long at start for the Kafka broker to answer, then exit with the reason (no broker,",
                    "or one that wants SASL/TLS this client does not use); refused credentials fail at once",
                    "(default: ${DEFAULT-VALUE})"})
    private int seconds = (int) BrokerCheck.DEFAULT_TIMEOUT.toSeconds();

    Duration timeout() {
        return Duration.ofSeconds(Math.max(1, seconds));
    }
}
