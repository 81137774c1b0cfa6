package dev.flemme4j.cli.kafka;

import dev.flemme4j.kafka.KafkaClients;
import dev.flemme4j.kafka.KafkaUserSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker running inside this JVM: a single KRaft node that is both broker and controller,
 * storing its logs under a data directory. Starting on a directory that was used before keeps its topics and
 * records (the cluster id is read back from the formatted storage).
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder(Path.of(".flemme/kafka")).start()) {
 *     kafka.waitUntilReady(Duration.ofSeconds(30));
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 *
 * Not a production deployment: one replica of everything, retention unlimited; PLAINTEXT, or SASL_PLAINTEXT with
 * SCRAM-SHA-256 when built with {@link Builder#scram} (authentication only: no TLS, no ACLs).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    static final String LOG_DIR_NAME = "log";
    static final String CONFIG_FILE_NAME = "server.properties";

    private final Path dataDir;
    private final String bootstrapServers;
    private final int port;
    private final int controllerPort;
    private final String clusterId;
    private final KafkaRaftServer server;
    private final KafkaUserSettings clientSettings;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafkaBroker(Path dataDir, String bootstrapServers, int port, int controllerPort,
                                String clusterId, KafkaRaftServer server, KafkaUserSettings clientSettings) {
        this.clientSettings = clientSettings;
        this.dataDir = dataDir;
        this.bootstrapServers = bootstrapServers;
        this.port = port;
        this.controllerPort = controllerPort;
        this.clusterId = clusterId;
        this.server = server;
    }

    /** A broker that keeps its storage under {@code dataDir} (created if missing). */
    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** What a client needs besides the bootstrap address: none, or the SCRAM user's SASL settings. */
    public KafkaUserSettings clientSettings() {
        return clientSettings;
    }

    /** {@code host:port} of the client listener, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public String clusterId() {
        return clusterId;
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * Blocks until the broker answers a metadata request and lists itself as a live node.
     *
     * @throws IllegalStateException if it does not within {@code timeout}
     */
    public void waitUntilReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        try (Admin admin = new KafkaClients(bootstrapServers, clientSettings).admin("flemme-embedded-ready", Duration.ofSeconds(2), timeout)) {
            while (System.nanoTime() < deadline) {
                long leftMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                try {
                    Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) Math.min(leftMs, 5_000)))
                            .nodes().get(leftMs, TimeUnit.MILLISECONDS);
                    if (!nodes.isEmpty()) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for Kafka at " + bootstrapServers, e);
                } catch (Exception e) {
                    last = e;
                }
                sleepQuietly(100);
            }
        }
        throw new IllegalStateException("Kafka at " + bootstrapServers + " not ready after " + timeout
                + (last == null ? "" : ": " + last.getMessage()), last);
    }

    /** Stops the broker and waits until its threads have ended. Calling it again does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        log.info("Stopping Kafka at {}", bootstrapServers);
        server.shutdown();
        server.awaitShutdown();
        log.info("Kafka stopped");
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Settings of one embedded broker; {@link #start()} formats storage if needed and starts it. */
    public static final class Builder {
        private final Path dataDir;
        private String host = "127.0.0.1";
        private String advertisedHost;
        private int port;
        private int controllerPort;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private ScramListener scram;

        private Builder(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        }

        /** Client port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = checkPort(port, "port");
            return this;
        }

        /** Port of the KRaft controller listener; 0 (the default) picks a free one. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = checkPort(controllerPort, "controllerPort");
            return this;
        }

        /** Interface both listeners bind to; 127.0.0.1 by default, 0.0.0.0 for every interface. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Host name clients are told to connect to; defaults to the bind host (or 127.0.0.1 for a wildcard). */
        public Builder advertisedHost(String advertisedHost) {
            this.advertisedHost = advertisedHost;
            return this;
        }

        /**
         * Clients must authenticate with SASL/SCRAM-SHA-256 (SASL_PLAINTEXT listener) as this user, created when the
         * storage is first formatted; the broker talks to itself as the same user. See {@link #clientSettings()}.
         */
        public Builder scram(String user, String password) {
            this.scram = new ScramListener(user, password);
            return this;
        }

        /** Any broker property, applied after (and over) the defaults. */
        public Builder property(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        public EmbeddedKafkaBroker start() {
            Path logDir = dataDir.resolve(LOG_DIR_NAME);
            Path configFile = dataDir.resolve(CONFIG_FILE_NAME);
            int clientPort = port == 0 ? FreePort.on(host) : port;
            int quorumPort = controllerPort == 0 ? FreePort.on(host) : controllerPort;
            if (clientPort == quorumPort) {
                throw new IllegalArgumentException("Invalid value " + quorumPort
                        + " for configuration controllerPort: the client listener already uses it");
            }
            String advertised = advertisedHost != null ? advertisedHost
                    : BrokerProperties.isWildcard(host) ? "127.0.0.1" : host;
            Properties props = BrokerProperties.forSingleNode(logDir, host, advertised, clientPort, quorumPort, overrides);
            if (scram != null) {
                scram.apply(props, host, advertised, clientPort, quorumPort);
                overrides.forEach(props::setProperty);
            }
            writeConfig(props, configFile);

            String clusterId = KraftStorage.formatIfNeeded(logDir, configFile,
                    scram == null ? java.util.List.of() : scram.formatArguments());
            KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
            try {
                server.startup();
            } catch (RuntimeException e) {
                // the constructor's promise: what was started is stopped when start fails
                shutDownQuietly(server);
                throw new IllegalStateException("Kafka failed to start on " + dataDir + ": " + e.getMessage(), e);
            }
            String bootstrap = advertised + ":" + clientPort;
            log.info("Kafka {} started at {} (data {})", clusterId, bootstrap, dataDir);
            return new EmbeddedKafkaBroker(dataDir, bootstrap, clientPort, quorumPort, clusterId, server,
                    scram == null ? KafkaUserSettings.none() : scram.clientSettings());
        }

        private void writeConfig(Properties props, Path configFile) {
            try {
                Files.createDirectories(dataDir);
                try (Writer out = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
                    props.store(out, "written by flemme4j on each start; edits are overwritten");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Could not write " + configFile, e);
            }
        }

        private static void shutDownQuietly(KafkaRaftServer server) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException suppressed) {
                log.debug("Shutdown after failed start also failed", suppressed);
            }
        }

        private static int checkPort(int port, String name) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("Invalid value " + port + " for configuration " + name
                        + ": must be 0 (pick a free port) or 1-65535");
            }
            return port;
        }
    }
}
