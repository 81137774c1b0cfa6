package dev.flemme4j.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.flemme4j.cli.job.JobStateReader;
import dev.flemme4j.cli.job.JobSubmitter;
import dev.flemme4j.kafka.CompactedTopic;
import dev.flemme4j.protocol.Json;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.job.JobState;
import dev.flemme4j.protocol.job.JobStatus;
import dev.flemme4j.protocol.job.WorkerCommand;
import dev.flemme4j.protocol.job.WorkerEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers joining while a job trains (a second and a third worker process): no rebalance hands the running job to
 * them, so it completes on its first attempt on the first worker, with one TRAIN command and one STARTED event.
 */
class WorkerJoinIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    @Test
    void workersJoiningMidJobDoNotTrainItAgain(@TempDir Path tmp) throws Exception {
        try (Pipeline p = new Pipeline(tmp, false);
                WorkerProcess first = WorkerProcess.start(p.bootstrap(), "first", tmp.resolve("artifacts"), tmp)) {
            String id = JobSubmitter.submit(p.clients(), Pipeline.job("join", "", p.data.toString())
                    .replace("max_epoch: 2", "max_epoch: 3"), null);
            JobState running;
            try (JobStateReader reader = new JobStateReader(p.clients())) {
                running = reader.follow(id, s -> { }, s -> s.state() == JobStatus.RUNNING && s.progress().step() >= 2,
                        TIMEOUT);
            }
            assertNotNull(running, "the job never ran; see " + first.log);
            try (WorkerProcess second = WorkerProcess.start(p.bootstrap(), "second", tmp.resolve("artifacts"), tmp);
                    WorkerProcess third = WorkerProcess.start(p.bootstrap(), "third", tmp.resolve("artifacts"), tmp);
                    JobStateReader reader = new JobStateReader(p.clients())) {
                System.out.printf("workers second and third started with job %s at step %d of %d%n", id,
                        running.progress().step(), running.progress().maxSteps());
                JobState done = reader.follow(id, s -> { }, s -> s.state().isTerminal(), TIMEOUT);
                assertNotNull(done, "the job never ended");
                assertEquals(JobStatus.COMPLETED, done.state(), () -> "ended " + done);
                assertEquals(1, done.attempt(), "never re-assigned");
                assertEquals("first", done.worker());
            }
            int trains = 0;
            Set<String> starters = new HashSet<>();
            int started = 0;
            try (Consumer<String, byte[]> c = p.clients().assignedConsumer("join-it")) {
                for (ConsumerRecord<String, byte[]> r : CompactedTopic.snapshot(c, Topics.COMMANDS)) {
                    WorkerCommand cmd = Json.read(r.value(), WorkerCommand.class);
                    if (id.equals(cmd.jobId()) && cmd.type() == WorkerCommand.Type.TRAIN && cmd.worker() != null) {
                        trains++;
                    }
                }
            }
            try (Consumer<String, byte[]> c = p.clients().assignedConsumer("join-it")) {
                for (ConsumerRecord<String, byte[]> r : CompactedTopic.snapshot(c, Topics.EVENTS)) {
                    WorkerEvent e = Json.read(r.value(), WorkerEvent.class);
                    if (id.equals(e.jobId()) && e.type() == WorkerEvent.Type.STARTED) {
                        started++;
                        starters.add(e.worker());
                    }
                }
            }
            System.out.printf("job %s: %d TRAIN command(s), %d STARTED event(s) from %s%n", id, trains, started, starters);
            assertEquals(1, trains, "one TRAIN command");
            assertEquals(1, started, "trained once");
            assertEquals(Set.of("first"), starters);
        }
    }
}
