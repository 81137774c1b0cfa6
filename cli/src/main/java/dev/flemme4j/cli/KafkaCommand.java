package dev.flemme4j.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.flemme4j.cli.kafka.EmbeddedKafkaBroker;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code flemme kafka}: a standalone single-node Kafka broker for the other roles to share. */
@Command(name = "kafka",
        header = "Run a single-node Kafka broker for the other flemme processes.",
        description = {
            "Runs an Apache Kafka broker (KRaft mode, broker and controller in this one process) until Ctrl-C or "
                    + "SIGTERM, then shuts it down cleanly. Coordinator, worker and serving processes connect to the "
                    + "bootstrap address it prints.",
            "",
            "Topics and records are kept in --data-dir: a restart on the same directory keeps them. Records up to "
                    + "16 MiB are accepted and nothing expires (retention is unlimited). One replica, PLAINTEXT, "
                    + "no authentication: for one machine or a trusted network, not for production.",
            ""
        },
        sortOptions = false)
final class KafkaCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", defaultValue = "9092", paramLabel = "PORT",
            description = "Client (PLAINTEXT) port; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    private int port;

    @Option(names = "--controller-port", defaultValue = "0", paramLabel = "PORT",
            description = "KRaft controller port, used only inside this process; 0 (default) picks a free one.")
    private int controllerPort;

    @Option(names = "--data-dir", defaultValue = ".flemme/kafka", paramLabel = "DIR",
            description = "Where the broker keeps its logs (created and formatted on first use). Default: ${DEFAULT-VALUE}.")
    private Path dataDir;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "Interface to listen on; 0.0.0.0 for all. Default: ${DEFAULT-VALUE}.")
    private String host;

    @Option(names = "--advertised-host", paramLabel = "HOST",
            description = "Host name given to clients, when they must reach the broker by another name than --host "
                    + "(e.g. in a container). Default: the --host value, or 127.0.0.1 for 0.0.0.0.")
    private String advertisedHost;

    @Option(names = "--ready-timeout", defaultValue = "60s", paramLabel = "DURATION",
            converter = KafkaCommand.DurationConverter.class,
            description = "How long to wait for the broker to come up, e.g. 30s, 2m. Default: ${DEFAULT-VALUE}.")
    private Duration readyTimeout;

    @Option(names = "--scram-user", paramLabel = "USER",
            description = "Require SASL/SCRAM-SHA-256 (SASL_PLAINTEXT listener) as this user, created when the data dir is"
                    + " first formatted; the password comes from $FLEMME_BROKER_SCRAM_PASSWORD. Clients then need"
                    + " security.protocol, sasl.mechanism and sasl.jaas.config (--kafka-config or FLEMME_KAFKA_*).")
    private String scramUser;

    private final CountDownLatch stopRequested = new CountDownLatch(1);

    @Override
    public Integer call() {
        EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder(dataDir)
                .port(port)
                .controllerPort(controllerPort)
                .host(host)
                .advertisedHost(advertisedHost);
        if (scramUser != null) {
            String password = System.getenv("FLEMME_BROKER_SCRAM_PASSWORD");
            if (password == null || password.isEmpty()) {
                System.err.println("--scram-user needs the password in $FLEMME_BROKER_SCRAM_PASSWORD");
                return 2;
            }
            builder.scram(scramUser, password);
        }
        boolean interrupted = false;
        try (EmbeddedKafkaBroker kafka = builder.start()) {
            // SIGTERM/Ctrl-C run shutdown hooks only: this one closes the broker before the JVM goes.
            Thread hook = new Thread(() -> {
                stopRequested.countDown();
                kafka.close();
            }, "flemme-kafka-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                kafka.waitUntilReady(readyTimeout);
                spec.commandLine().getOut().printf("Kafka ready at %s (data %s). Press Ctrl-C to stop.%n",
                        kafka.bootstrapServers(), dataDir.toAbsolutePath().normalize());
                spec.commandLine().getOut().flush();
                stopRequested.await();
            } catch (InterruptedException e) {
                // an interrupt asks to stop, like a signal; the flag is restored once the broker is closed,
                // because Kafka's shutdown waits on latches that an interrupted thread cannot wait on
                interrupted = true;
            } finally {
                removeQuietly(hook);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static void removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running (or ran): it closes the broker itself
        }
    }

    /** Reads durations as people write them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or ISO-8601 {@code PT30S}. */
    static final class DurationConverter implements ITypeConverter<Duration> {

        private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

        @Override
        public Duration convert(String value) {
            Matcher m = SHORT.matcher(value.trim());
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            }
            try {
                return Duration.parse(value.trim());
            } catch (RuntimeException e) {
                throw new TypeConversionException("'" + value + "' is not a duration (e.g. 500ms, 30s, 5m, 1h, PT30S)");
            }
        }
    }
}
