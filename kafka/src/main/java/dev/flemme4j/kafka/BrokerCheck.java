package dev.flemme4j.kafka;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Asks the cluster for its id once before a role starts, so a process that cannot use the broker says why and exits
 * instead of running with consumers that retry silently forever: refused credentials fail at once (Kafka treats them
 * as fatal), no answer is retried until the timeout — a broker still starting (compose, Kubernetes) is normal.
 *
 * <p>A client that speaks PLAINTEXT to a SASL or TLS listener gets no error from Kafka, only silence (the broker
 * drops the connection), which is why the timeout message names that case.
 */
public final class BrokerCheck {
    /** Long enough for a broker container that starts beside this process. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaClients clients;

    public BrokerCheck(KafkaClients clients) {
        this.clients = clients;
    }

    /**
     * @param role names this process's admin client ({@code ROLE-broker-check}) in the broker's logs
     * @return the cluster id
     * @throws BrokerUnusableException with the cause spelled out for the user
     */
    public String verify(String role, Duration timeout) {
        long requestMs = Math.max(500, Math.min(5_000, timeout.toMillis() / 2));
        try (Admin admin = clients.admin(role + "-broker-check", Duration.ofMillis(requestMs), timeout)) {
            return admin.describeCluster().clusterId().get(timeout.toMillis() + requestMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw explain(timeout, e.getCause());
        } catch (TimeoutException e) {
            throw explain(timeout, new org.apache.kafka.common.errors.TimeoutException(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnusableException("interrupted while waiting for the Kafka broker at " + clients.bootstrapServers());
        }
    }

    private BrokerUnusableException explain(Duration timeout, Throwable cause) {
        String at = " at " + clients.bootstrapServers();
        String protocol = clients.userSettings().values().getOrDefault("security.protocol", "PLAINTEXT");
        String message;
        if (cause instanceof SslAuthenticationException) {
            message = "the TLS handshake with the Kafka broker" + at + " failed (" + cause.getMessage()
                    + "); check ssl.truststore.* / ssl.keystore.* in --kafka-config or FLEMME_KAFKA_SSL_*";
        } else if (cause instanceof AuthenticationException) {
            message = "the Kafka broker" + at + " refused this client's credentials (" + cause.getMessage()
                    + "); check sasl.mechanism and sasl.jaas.config in --kafka-config or FLEMME_KAFKA_SASL_*";
        } else if (cause instanceof AuthorizationException) {
            message = "the Kafka broker" + at + " does not allow this client to describe the cluster ("
                    + cause.getMessage() + "); its ACLs must allow the flemme topics and groups";
        } else if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            message = "no answer from a Kafka broker" + at + " within " + timeout.toSeconds()
                    + " s (security.protocol=" + protocol + "). Either no broker runs there, or it requires SASL or TLS"
                    + " and this client does not use it: pass the settings with --kafka-config FILE or FLEMME_KAFKA_*"
                    + " (e.g. FLEMME_KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT)";
        } else {
            message = "cannot use the Kafka broker" + at + ": " + cause;
        }
        return new BrokerUnusableException(message, cause);
    }

    /** The broker cannot be used by this process; the message says why and what to change. */
    public static final class BrokerUnusableException extends RuntimeException {
        BrokerUnusableException(String message) {
            super(message);
        }

        BrokerUnusableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
