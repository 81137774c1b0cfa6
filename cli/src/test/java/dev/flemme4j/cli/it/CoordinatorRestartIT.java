package dev.flemme4j.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import dev.flemme4j.cli.data.ShapesDatasetGenerator;
import dev.flemme4j.cli.data.ShapesDatasetWriter;
import dev.flemme4j.cli.job.JobStateReader;
import dev.flemme4j.cli.job.JobSubmitter;
import dev.flemme4j.cli.kafka.EmbeddedKafkaBroker;
import dev.flemme4j.kafka.CompactedTopic;
import dev.flemme4j.kafka.KafkaClients;
import dev.flemme4j.protocol.Json;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.job.JobState;
import dev.flemme4j.protocol.job.JobStatus;
import dev.flemme4j.protocol.job.WorkerCommand;
import dev.flemme4j.protocol.job.WorkerEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator process killed with SIGKILL while a job trains, a second job waits QUEUED with no command sent
 * (the only worker is busy) and a third, produced without a key as kcat does, waits too; then restarted. To make
 * the restart face the worst case, the jobs topic is rewound for the coordinator's group while it is down, so every
 * submission is delivered again. All three jobs must complete, each trained once (one TRAIN command and one
 * STARTED event per job), the running job's state history must go on without a gap or a step back, and the
 * unkeyed job must exist under one id only.
 */
class CoordinatorRestartIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    @Test
    void killedCoordinatorRestartsAndEveryJobCompletesOnce(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("shapes");
        new ShapesDatasetWriter(new ShapesDatasetGenerator(Pipeline.IMAGE, 11)).write(data, 96, 8);
        Engine.getInstance();
        Path artifacts = tmp.resolve("artifacts");
        int port = CoordinatorProcess.freePort();
        try (EmbeddedKafkaBroker kafka = startBroker(tmp)) {
            KafkaClients clients = new KafkaClients(kafka.bootstrapServers());
            CoordinatorProcess first = CoordinatorProcess.start(kafka.bootstrapServers(), tmp, artifacts, port,
                    tmp.resolve("coordinator.log"));
            try (first; WorkerProcess worker = WorkerProcess.start(kafka.bootstrapServers(), "w1", artifacts, tmp)) {
                // the coordinator creates the control topics: read them once it is up
                assertTrue(first.awaitHealthy(Duration.ofMinutes(3)), "coordinator never healthy; see " + first.log);
                String longJob = JobSubmitter.submit(clients, Pipeline.job("long", "", data.toString())
                        .replace("max_epoch: 2", "max_epoch: 4"), null);
                JobState running = follow(clients, longJob, s -> s.state() == JobStatus.RUNNING
                        && s.progress().step() >= 3);
                assertNotNull(running, "the long job never ran; see " + worker.log);
                String waiting = JobSubmitter.submit(clients, Pipeline.job("waiting", "", data.toString())
                        .replace("max_epoch: 2", "max_epoch: 1"), null);
                try (Producer<String, byte[]> kcat = clients.producer("kcat-like")) {
                    kcat.send(new ProducerRecord<>(Topics.JOBS, null, Pipeline.job("unkeyed", "", data.toString())
                            .replace("max_epoch: 2", "max_epoch: 1").getBytes(StandardCharsets.UTF_8))).get();
                }
                assertNotNull(follow(clients, waiting, s -> s.state() == JobStatus.QUEUED));
                String unkeyed = awaitByName(clients, "unkeyed", JobStatus.QUEUED);
                JobState beforeKill = states(clients).get(longJob);
                first.kill9();
                long killedAt = System.nanoTime();
                System.out.printf("coordinator killed (-9) with job %s %s at step %d of %d; %s and %s QUEUED%n",
                        longJob, beforeKill.state(), beforeKill.progress().step(), beforeKill.progress().maxSteps(),
                        waiting, unkeyed);

                rewindJobsTopic(clients);
                double rewoundS = (System.nanoTime() - killedAt) / 1e9;
                try (CoordinatorProcess second = CoordinatorProcess.start(kafka.bootstrapServers(), tmp, artifacts, port,
                        tmp.resolve("coordinator.log"))) {
                    long restartAt = System.nanoTime();
                    assertTrue(second.awaitHealthy(Duration.ofMinutes(3)), "restarted coordinator never healthy");
                    double healthyS = (System.nanoTime() - restartAt) / 1e9;
                    JobState atRestart = states(clients).get(longJob);
                    System.out.printf("jobs topic rewound %.1f s after the kill; restarted coordinator healthy %.1f s"
                            + " after launch; the long job was then %s at step %d%n", rewoundS, healthyS,
                            atRestart.state(), atRestart.progress().step());
                    for (String id : List.of(longJob, waiting, unkeyed)) {
                        JobState done = follow(clients, id, s -> s.state().isTerminal());
                        assertNotNull(done, id + " never ended; see " + second.log + " and " + worker.log);
                        assertEquals(JobStatus.COMPLETED, done.state(), () -> id + " ended " + done);
                        assertEquals(1, done.attempt(), id + " assigned once");
                    }
                }
                checkTrainedOnce(clients, List.of(longJob, waiting, unkeyed));
                checkContinuousHistory(clients, longJob);
                long named = states(clients).values().stream().filter(s -> "unkeyed".equals(s.name())).count();
                assertEquals(1, named, "the unkeyed job under one id only");
                String log = Files.readString(tmp.resolve("coordinator.log"));
                assertTrue(log.contains("queue recovered from"), "the restart rebuilt its queue");
                System.out.println("restart: " + log.lines().filter(l -> l.contains("queue recovered from"))
                        .reduce((a, b) -> b).orElse(""));
            }
        }
    }

    private static EmbeddedKafkaBroker startBroker(Path tmp) {
        EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder(tmp.resolve("kafka")).port(0).controllerPort(0).start();
        kafka.waitUntilReady(Duration.ofSeconds(60));
        return kafka;
    }

    /** From the beginning of the job-state topic each time (a reader's position moves on as it reads). */
    private static JobState follow(KafkaClients clients, String id, java.util.function.Predicate<JobState> done) {
        try (JobStateReader reader = new JobStateReader(clients)) {
            return reader.follow(id, s -> { }, done, TIMEOUT);
        }
    }

    private static Map<String, JobState> states(KafkaClients clients) {
        try (JobStateReader reader = new JobStateReader(clients)) {
            return reader.snapshot();
        }
    }

    private static String awaitByName(KafkaClients clients, String name, JobStatus status) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (JobState s : states(clients).values()) {
                if (name.equals(s.name()) && s.state() == status) {
                    return s.id();
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no job named " + name + " reached " + status);
    }

    /** Every submission read again by the restarted coordinator: the worst case of a crash before its commits. */
    private static void rewindJobsTopic(KafkaClients clients) throws Exception {
        try (Admin admin = clients.admin("restart-it")) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (admin.describeConsumerGroups(List.of("flemme-coordinator")).all().get().get("flemme-coordinator")
                    .groupState() != GroupState.EMPTY) {
                assertTrue(System.nanoTime() < deadline, "the dead coordinator's group never emptied");
                Thread.sleep(250);
            }
            admin.alterConsumerGroupOffsets("flemme-coordinator",
                    Map.of(new TopicPartition(Topics.JOBS, 0), new OffsetAndMetadata(0))).all().get();
        }
    }

    private static List<ConsumerRecord<String, byte[]>> all(KafkaClients clients, String topic) {
        try (Consumer<String, byte[]> c = clients.assignedConsumer("restart-it-read")) {
            return CompactedTopic.snapshot(c, topic);
        }
    }

    private static void checkTrainedOnce(KafkaClients clients, List<String> ids) {
        Map<String, Long> trains = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> r : all(clients, Topics.COMMANDS)) {
            WorkerCommand c = Json.read(r.value(), WorkerCommand.class);
            if (c.type() == WorkerCommand.Type.TRAIN && c.worker() != null) {
                trains.merge(c.jobId(), 1L, Long::sum);
            }
        }
        Map<String, Long> started = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> r : all(clients, Topics.EVENTS)) {
            WorkerEvent e = Json.read(r.value(), WorkerEvent.class);
            if (e.type() == WorkerEvent.Type.STARTED) {
                started.merge(e.jobId(), 1L, Long::sum);
            }
        }
        System.out.println("TRAIN commands per job: " + trains + "; STARTED events per job: " + started);
        for (String id : ids) {
            assertEquals(1L, trains.getOrDefault(id, 0L), "one TRAIN command for " + id + ": " + trains);
            assertEquals(1L, started.getOrDefault(id, 0L), "trained once: " + id + ": " + started);
        }
    }

    /** The job's states in the order written: no step back in state or in training step, nothing lost between. */
    private static void checkContinuousHistory(KafkaClients clients, String id) {
        List<JobState> history = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : all(clients, Topics.JOB_STATE)) {
            if (id.equals(r.key()) && r.value() != null) {
                history.add(Json.read(r.value(), JobState.class));
            }
        }
        List<JobStatus> order = List.of(JobStatus.SUBMITTED, JobStatus.INGESTING, JobStatus.QUEUED, JobStatus.RUNNING,
                JobStatus.EXPORTING, JobStatus.COMPLETED);
        String trace = history.stream().map(s -> s.state() + "@" + s.progress().step()).distinct()
                .collect(Collectors.joining(" "));
        System.out.println("history of " + id + ": " + trace);
        for (int i = 1; i < history.size(); i++) {
            JobState a = history.get(i - 1);
            JobState b = history.get(i);
            assertTrue(order.indexOf(b.state()) >= order.indexOf(a.state()), "state went back at " + i + ": " + trace);
            // before RUNNING the progress counts ingested records, from RUNNING on training steps
            boolean training = order.indexOf(a.state()) >= order.indexOf(JobStatus.RUNNING);
            assertTrue(!training || b.progress().step() >= a.progress().step(), "step went back at " + i + ": " + trace);
        }
        assertEquals(JobStatus.COMPLETED, history.get(history.size() - 1).state());
    }
}
