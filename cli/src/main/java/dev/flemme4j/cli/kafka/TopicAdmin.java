package dev.flemme4j.cli.kafka;

import dev.flemme4j.kafka.KafkaClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates topics if they do not exist yet. Creating a topic that is already there is not an error, so every
 * process may call {@link #ensure} at start-up; an existing topic is left as it is (its partitions and
 * config are not changed).
 */
public final class TopicAdmin implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopicAdmin.class);

    private final Admin admin;
    private final boolean ownsAdmin;

    /** Uses an admin client of its own, closed by {@link #close()}. */
    public TopicAdmin(KafkaClients kafka) {
        this(kafka.admin("flemme-cli-topics"), true);
    }

    /** Uses the caller's admin client; {@link #close()} leaves it open. */
    public TopicAdmin(Admin admin) {
        this(admin, false);
    }

    private TopicAdmin(Admin admin, boolean ownsAdmin) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.ownsAdmin = ownsAdmin;
    }

    /**
     * Creates every topic in {@code topics} that does not exist yet.
     *
     * @return the names of the topics this call created (the others existed already)
     * @throws IllegalStateException if a topic could not be created within {@code timeout}
     */
    public Set<String> ensure(Collection<TopicSpec> topics, Duration timeout) {
        if (topics.isEmpty()) {
            return Set.of();
        }
        List<NewTopic> requests = new ArrayList<>();
        for (TopicSpec spec : topics) {
            // empty replication factor: the broker's default.replication.factor decides
            requests.add(new NewTopic(spec.name(), java.util.Optional.of(spec.partitions()), java.util.Optional.empty())
                    .configs(spec.config()));
        }
        CreateTopicsResult result = admin.createTopics(requests);
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> created = new LinkedHashSet<>();
        for (Map.Entry<String, KafkaFuture<Void>> entry : result.values().entrySet()) {
            String name = entry.getKey();
            try {
                entry.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                created.add(name);
                log.info("Created topic {}", name);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    log.debug("Topic {} exists", name);
                } else {
                    throw new IllegalStateException("Could not create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("Could not create topic " + name + " within " + timeout, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while creating topic " + name, e);
            }
        }
        return created;
    }

    /** Creates the given topics, see {@link #ensure(Collection, Duration)}. */
    public Set<String> ensure(Duration timeout, TopicSpec... topics) {
        return ensure(List.of(topics), timeout);
    }

    @Override
    public void close() {
        if (ownsAdmin) {
            admin.close();
        }
    }
}
