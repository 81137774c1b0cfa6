package dev.flemme4j.coordinator.job;

import dev.flemme4j.coordinator.kafka.RecordPublisher;
import dev.flemme4j.kafka.CompactedTopic;
import dev.flemme4j.protocol.Json;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.job.JobState;
import dev.flemme4j.protocol.job.JobStatus;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest {@link JobState} of every job. Kafka's compacted job-state topic is the source of truth: the
 * store is rebuilt from it at startup and every change is written back to it. Mutated on the coordinator's
 * context only; readable from any thread (metrics).
 */
public final class JobStateStore {
    private static final Logger LOG = LoggerFactory.getLogger(JobStateStore.class);

    private final Map<String, JobState> states = new ConcurrentHashMap<>();
    private final RecordPublisher publisher;
    private final Context context;

    public JobStateStore(RecordPublisher publisher, Context context) {
        this.publisher = publisher;
        this.context = context;
    }

    /** Loads the records of the job-state topic (oldest first); a tombstone forgets a job, garbage is skipped. */
    public void restore(List<ConsumerRecord<String, byte[]>> records) {
        CompactedTopic.replay(states, records, v -> Json.read(v, JobState.class));
        LOG.info("restored {} job states from {}", states.size(), Topics.JOB_STATE);
    }

    public Optional<JobState> get(String id) {
        return Optional.ofNullable(states.get(id));
    }

    public boolean contains(String id) {
        return states.containsKey(id);
    }

    /** Every job, oldest submission first. */
    public List<JobState> all() {
        List<JobState> list = new ArrayList<>(states.values());
        list.sort(Comparator.comparingLong(JobState::submittedAt).thenComparing(JobState::id));
        return list;
    }

    public Map<JobStatus, Long> countByStatus() {
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        for (JobStatus s : JobStatus.values()) {
            counts.put(s, 0L);
        }
        for (JobState s : states.values()) {
            counts.merge(s.state(), 1L, Long::sum);
        }
        return counts;
    }

    /** Records a new state in memory at once and on Kafka; the future completes when Kafka acknowledged it. */
    public Future<JobState> put(JobState next) {
        JobState previous = states.put(next.id(), next);
        if (previous == null || previous.state() != next.state()) {
            if (next.error() != null && (next.state() == JobStatus.REJECTED || next.state() == JobStatus.FAILED)) {
                LOG.info("job {} {} -> {}: {}: {}", next.id(), previous == null ? "(new)" : previous.state(), next.state(),
                        next.error().path().isEmpty() ? "<document>" : next.error().path(), next.error().message());
            } else {
                LOG.info("job {} {} -> {}", next.id(), previous == null ? "(new)" : previous.state(), next.state());
            }
        }
        return publisher.send(context, Topics.JOB_STATE, next.id(), Json.bytes(next)).map(meta -> next);
    }
}
