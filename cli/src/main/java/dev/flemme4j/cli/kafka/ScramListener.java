package dev.flemme4j.cli.kafka;

import dev.flemme4j.kafka.KafkaUserSettings;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The embedded broker's client listener as SASL_PLAINTEXT with SCRAM-SHA-256: one user, created in the metadata
 * when the storage is formatted ({@code --add-scram}); the broker's own inter-broker connection logs in as that
 * user too. The controller listener stays PLAINTEXT on the bind host: only this process talks to it.
 */
final class ScramListener {
    static final String MECHANISM = "SCRAM-SHA-256";
    static final String LISTENER = "SASL_PLAINTEXT";

    private final String user;
    private final String password;

    ScramListener(String user, String password) {
        this.user = check("user", user);
        this.password = check("password", password);
    }

    /** Characters that would break the JAAS line or StorageTool's {@code [name=..,password=..]} syntax. */
    private static String check(String what, String value) {
        if (value == null || value.isEmpty() || value.chars().anyMatch(c -> c == '"' || c == ',' || c == ']' || c == '['
                || c == '=' || c == '\\' || Character.isWhitespace(c))) {
            throw new IllegalArgumentException("Invalid SCRAM " + what + ": must be non-empty, without quotes, commas,"
                    + " brackets, '=', backslashes or spaces");
        }
        return value;
    }

    void apply(Properties p, String bindHost, String advertisedHost, int port, int controllerPort) {
        p.setProperty("listeners", LISTENER + "://" + bindHost + ":" + port + ","
                + BrokerProperties.CONTROLLER_LISTENER + "://" + bindHost + ":" + controllerPort);
        p.setProperty("advertised.listeners", LISTENER + "://" + advertisedHost + ":" + port);
        p.setProperty("listener.security.protocol.map", LISTENER + ":SASL_PLAINTEXT,"
                + BrokerProperties.CONTROLLER_LISTENER + ":PLAINTEXT");
        p.setProperty("inter.broker.listener.name", LISTENER);
        p.setProperty("sasl.enabled.mechanisms", MECHANISM);
        p.setProperty("sasl.mechanism.inter.broker.protocol", MECHANISM);
        p.setProperty("listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config", jaas());
    }

    List<String> formatArguments() {
        return List.of("--add-scram", MECHANISM + "=[name=" + user + ",password=" + password + "]");
    }

    KafkaUserSettings clientSettings() {
        return KafkaUserSettings.of(Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", MECHANISM,
                "sasl.jaas.config", jaas()));
    }

    private String jaas() {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }
}
