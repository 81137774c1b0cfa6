package dev.flemme4j.kafka;

import dev.flemme4j.protocol.config.ConfigNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Kafka client settings the user adds to every client (SASL/SCRAM, TLS, timeouts...), read once per process from
 * a properties file ({@code --kafka-config FILE}, or {@code FLEMME_KAFKA_CONFIG}) and from environment variables
 * {@code FLEMME_KAFKA_<KEY>} ({@code FLEMME_KAFKA_SECURITY_PROTOCOL=SASL_SSL} sets {@code security.protocol}); the
 * environment wins over the file. A {@code kafka.} prefix on a key is dropped, so {@code kafka.ssl.truststore.location}
 * works too.
 *
 * <p>Every key is checked when loaded, against the settings Kafka's producer, consumer and admin client declare:
 * an unknown key or a value of the wrong type fails here, naming the key and where it came from, instead of being
 * ignored with a warning later. The settings flemme4j's guarantees depend on cannot be overridden.
 */
public final class KafkaUserSettings {
    /** Environment variable naming the properties file; the other {@code FLEMME_KAFKA_*} variables are settings. */
    public static final String ENV_FILE = "FLEMME_KAFKA_CONFIG";
    static final String ENV_PREFIX = "FLEMME_KAFKA_";

    /**
     * What the user may not change: durability and ordering (idempotence, acks, one request in flight), manual
     * commits, the serializers flemme4j's records need, and the bootstrap address, which has its own option.
     */
    static final Set<String> FIXED = Set.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, ProducerConfig.ACKS_CONFIG,
            ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            ConsumerConfig.GROUP_ID_CONFIG, CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);

    private static final ConfigDef PRODUCER = ProducerConfig.configDef();
    private static final ConfigDef CONSUMER = ConsumerConfig.configDef();
    private static final ConfigDef ADMIN = AdminClientConfig.configDef();

    private final Map<String, String> values;

    private KafkaUserSettings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** No user settings: the documented defaults only. */
    public static KafkaUserSettings none() {
        return new KafkaUserSettings(Map.of());
    }

    /**
     * The settings of this process: the file ({@code file}, else {@code FLEMME_KAFKA_CONFIG}; may be null), then
     * the {@code FLEMME_KAFKA_*} variables of {@code env} on top.
     *
     * @throws IllegalArgumentException naming the key and its source when a key is unknown, fixed or badly typed,
     *                                  or when the file cannot be read
     */
    public static KafkaUserSettings load(Path file, Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        Path f = file != null ? file : (env.get(ENV_FILE) == null || env.get(ENV_FILE).isBlank() ? null : Path.of(env.get(ENV_FILE)));
        if (f != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the Kafka client settings file " + f + ": " + e.getMessage(), e);
            }
            for (String k : new TreeSet<>(p.stringPropertyNames())) {
                put(out, strip(k.trim()), p.getProperty(k).trim(), f.toString());
            }
        }
        env.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (e.getKey().startsWith(ENV_PREFIX) && !e.getKey().equals(ENV_FILE)) {
                String key = e.getKey().substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                put(out, key, e.getValue(), "environment variable " + e.getKey());
            }
        });
        return new KafkaUserSettings(out);
    }

    /** Settings given in code (tests, embedding), checked like a file's. */
    public static KafkaUserSettings of(Map<String, String> settings) {
        Map<String, String> out = new LinkedHashMap<>();
        new TreeSet<>(settings.keySet()).forEach(k -> put(out, strip(k), settings.get(k), "settings"));
        return new KafkaUserSettings(out);
    }

    /** Every user setting by key, secrets unmasked: log {@link #describe()} instead. */
    public Map<String, String> values() {
        return values;
    }

    /** The keys in effect with sensitive values hidden, for a start-up log line. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        values.keySet().stream().sorted().forEach(k -> {
            ConfigDef.ConfigKey key = declared(k);
            boolean secret = key != null && key.type == ConfigDef.Type.PASSWORD || k.contains("jaas");
            sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(secret ? "[hidden]" : values.get(k));
        });
        return sb.length() == 0 ? "(none)" : sb.toString();
    }

    /** The settings this kind of client declares (the others would only be logged as unknown by Kafka). */
    Map<String, Object> forClient(ClientKind kind) {
        ConfigDef def = switch (kind) {
            case PRODUCER -> PRODUCER;
            case CONSUMER -> CONSUMER;
            case ADMIN -> ADMIN;
        };
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (def.configKeys().containsKey(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    enum ClientKind { PRODUCER, CONSUMER, ADMIN }

    private static String strip(String key) {
        return key.startsWith("kafka.") ? key.substring("kafka.".length()) : key;
    }

    private static void put(Map<String, String> out, String key, String value, String source) {
        if (FIXED.contains(key)) {
            throw new IllegalArgumentException("Kafka client setting '" + key + "' (from " + source + ") cannot be changed: "
                    + (key.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) ? "use --bootstrap-servers"
                    : "flemme4j relies on its value for durable, ordered delivery and manual commits"));
        }
        ConfigDef.ConfigKey declared = declared(key);
        if (declared == null) {
            throw new IllegalArgumentException("unknown Kafka client setting '" + key + "' (from " + source
                    + "): not a producer, consumer or admin setting of kafka-clients" + nearest(key));
        }
        try {
            Object parsed = ConfigDef.parseType(key, value, declared.type);
            if (declared.validator != null) {
                declared.validator.ensureValid(key, parsed);
            }
        } catch (ConfigException e) {
            throw new IllegalArgumentException("bad value for Kafka client setting '" + key + "' (from " + source + "): "
                    + e.getMessage(), e);
        }
        out.put(key, value);
    }

    private static ConfigDef.ConfigKey declared(String key) {
        for (ConfigDef def : new ConfigDef[] {PRODUCER, CONSUMER, ADMIN}) {
            ConfigDef.ConfigKey k = def.configKeys().get(key);
            if (k != null) {
                return k;
            }
        }
        return null;
    }

    private static String nearest(String key) {
        Set<String> all = new TreeSet<>(PRODUCER.names());
        all.addAll(CONSUMER.names());
        all.addAll(ADMIN.names());
        return ConfigNode.suggestion(key, List.copyOf(all));
    }
}
