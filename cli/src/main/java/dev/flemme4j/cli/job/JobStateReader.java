package dev.flemme4j.cli.job;

import dev.flemme4j.kafka.CompactedTopic;
import dev.flemme4j.kafka.KafkaClients;
import dev.flemme4j.protocol.Json;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.job.JobState;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads job states the way any Kafka client could: the compacted job-state topic from the beginning, by
 * manual assignment (no consumer group, so the CLI leaves no trace on the broker).
 */
public final class JobStateReader implements AutoCloseable {
    private final Consumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions;

    public JobStateReader(KafkaClients kafka) {
        this(kafka.assignedConsumer("flemme-cli-state"));
    }

    /** Reads with the caller's consumer (a {@code MockConsumer} in tests); {@link #close()} closes it. */
    JobStateReader(Consumer<String, byte[]> consumer) {
        this.consumer = consumer;
        partitions = CompactedTopic.assignFromBeginning(consumer, Topics.JOB_STATE, Duration.ofSeconds(30));
    }

    /** Every job's latest state, in first-seen order, reading up to the current end of the topic. */
    public Map<String, JobState> snapshot() {
        Map<String, JobState> latest = new LinkedHashMap<>();
        if (partitions.isEmpty()) {
            return latest;
        }
        CompactedTopic.replay(latest, CompactedTopic.readToEnd(consumer, partitions), v -> Json.read(v, JobState.class));
        return latest;
    }

    /**
     * Calls {@code onUpdate} for each new state of {@code jobId} until one satisfies {@code done} or the
     * timeout passes; returns the last state seen (or null).
     */
    public JobState follow(String jobId, java.util.function.Consumer<JobState> onUpdate, Predicate<JobState> done,
            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JobState last = null;
        while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(250))) {
                if (!jobId.equals(r.key()) || r.value() == null) {
                    continue;
                }
                JobState s;
                try {
                    s = Json.read(r.value(), JobState.class);
                } catch (IllegalArgumentException e) {
                    continue;
                }
                last = s;
                onUpdate.accept(s);
                if (done.test(s)) {
                    return s;
                }
            }
        }
        return last;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
