package dev.flemme4j.cli;

import dev.flemme4j.kafka.BrokerCheck;
import dev.flemme4j.kafka.KafkaClients;
import dev.flemme4j.kafka.KafkaUserSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** How every command that talks to Kafka finds and authenticates to it: the same names, defaults and help. */
final class KafkaClientOptions {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaClientOptions.class);

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", defaultValue = KafkaClients.DEFAULT_BOOTSTRAP,
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
    private String bootstrap;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = {"Kafka client settings for every client, as Java properties (security.protocol, sasl.*, ssl.*,",
                    "timeouts...; a 'kafka.' prefix is allowed); also FLEMME_KAFKA_CONFIG=FILE, and FLEMME_KAFKA_<KEY>=value",
                    "(e.g. FLEMME_KAFKA_SECURITY_PROTOCOL=SASL_SSL), which wins over the file. Unknown keys are refused."})
    Path kafkaConfig;

    /** Kafka's own tools spell it so; accepted, not advertised. */
    @Option(names = "--bootstrap-servers", hidden = true, paramLabel = "HOST:PORT")
    private String bootstrapServers;

    String bootstrap() {
        return bootstrapServers != null ? bootstrapServers : bootstrap;
    }

    /** The user's settings, checked: a bad key fails here, naming the key and the file or variable. */
    KafkaUserSettings settings() {
        KafkaUserSettings s = KafkaUserSettings.load(kafkaConfig, System.getenv());
        if (!s.values().isEmpty()) {
            LOG.info("Kafka client settings for every client: {}", s.describe());
        }
        return s;
    }

    KafkaClients clients() {
        return new KafkaClients(bootstrap(), settings());
    }

    /** Fails, saying why, unless the broker answers this process with its settings (see {@link BrokerCheck}). */
    void verifyBroker(String role, Duration timeout) {
        String cluster = new BrokerCheck(clients()).verify(role, timeout);
        LOG.info("{}: Kafka cluster {} at {} answers", role, cluster, bootstrap());
    }
}
