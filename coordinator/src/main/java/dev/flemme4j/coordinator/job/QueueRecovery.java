package dev.flemme4j.coordinator.job;

import dev.flemme4j.coordinator.workers.WorkerRegistry;
import dev.flemme4j.protocol.Json;
import dev.flemme4j.protocol.job.JobState;
import dev.flemme4j.protocol.job.JobStatus;
import dev.flemme4j.protocol.job.WorkerCommand;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the scheduler's queue after a coordinator restart from two things Kafka kept: the job states and the
 * commands topic (the unassigned command of every queued job, then each assignment). A job whose assignment was
 * stored but whose command never reached the topic goes back to the queue; a job a worker holds keeps its worker,
 * which is then watched like any other (silent for the heartbeat timeout: lost, re-assigned). No command is sent
 * again for an attempt already sent, so nothing is trained twice.
 */
public final class QueueRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(QueueRecovery.class);

    /** What the recovery did, for the log and tests. */
    public record Outcome(int queued, int resent, int held, int unknown) {
    }

    private QueueRecovery() {
    }

    /** Runs on the coordinator's context, after the job states were restored. */
    public static Future<Outcome> recover(List<ConsumerRecord<String, byte[]>> commands, JobStateStore jobs,
            JobScheduler scheduler, WorkerRegistry workers, Clock clock) {
        Map<String, WorkerCommand> templates = new HashMap<>();
        Set<String> sent = new HashSet<>();
        for (ConsumerRecord<String, byte[]> r : commands) {
            WorkerCommand c;
            try {
                c = Json.read(r.value(), WorkerCommand.class);
            } catch (IllegalArgumentException | NullPointerException e) {
                continue; // foreign or corrupt records were already ignored when they were new
            }
            if (c.type() == WorkerCommand.Type.TRAIN && c.jobId() != null) {
                templates.put(c.jobId(), c);
                if (c.worker() != null) {
                    sent.add(c.jobId() + "#" + c.attempt());
                }
            }
        }
        int queued = 0;
        int resent = 0;
        int held = 0;
        int unknown = 0;
        List<Future<JobState>> writes = new ArrayList<>();
        for (JobState s : jobs.all()) {
            if (s.state().isTerminal() || s.state() == JobStatus.SUBMITTED || s.state() == JobStatus.INGESTING) {
                continue;
            }
            WorkerCommand t = templates.get(s.id());
            if (t == null) {
                // queued but its command never reached Kafka: the submission was not committed and comes back
                unknown++;
                LOG.warn("job {} is {} but the commands topic has no command for it; it waits for its submission to be"
                        + " read again", s.id(), s.state());
                continue;
            }
            boolean assigned = s.attempt() > 0 && s.worker() != null;
            if (s.state() == JobStatus.QUEUED && !assigned) {
                scheduler.restore(t, true);
                queued++;
            } else if (s.state() == JobStatus.QUEUED && !sent.contains(s.id() + "#" + s.attempt())) {
                LOG.warn("job {} attempt {} was assigned to {} but its command was never sent; back to the queue",
                        s.id(), s.attempt(), s.worker());
                scheduler.restore(t, true);
                writes.add(jobs.put(s.withProgress(s.progress(), null, clock.millis())));
                resent++;
            } else {
                scheduler.restore(t, false);
                if (s.worker() != null) {
                    workers.seen(s.worker()); // from now on its silence counts: lost after the heartbeat timeout
                }
                held++;
            }
        }
        Outcome o = new Outcome(queued, resent, held, unknown);
        LOG.info("queue recovered from {} command records: {} queued, {} assigned but not sent (queued again), {} held"
                + " by workers, {} without a command", commands.size(), queued, resent, held, unknown);
        return Future.all(writes).map(v -> o);
    }
}
