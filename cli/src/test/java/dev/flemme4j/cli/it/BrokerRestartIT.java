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
import dev.flemme4j.kafka.KafkaClients;
import dev.flemme4j.protocol.job.JobState;
import dev.flemme4j.protocol.job.JobStatus;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker stopped for 20 s while a job trains (coordinator and worker each in a JVM of their own), then started
 * again on the same log directory and ports: the job completes on its first attempt and both processes stay up.
 */
class BrokerRestartIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(15);
    private static final long OUTAGE_MS = 20_000;

    @Test
    void jobSurvivesABrokerStoppedFor20Seconds(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("shapes");
        new ShapesDatasetWriter(new ShapesDatasetGenerator(Pipeline.IMAGE, 11)).write(data, 96, 8);
        Engine.getInstance();
        Path artifacts = tmp.resolve("artifacts");
        int kafkaPort = CoordinatorProcess.freePort();
        int controllerPort = CoordinatorProcess.freePort();
        int httpPort = CoordinatorProcess.freePort();
        EmbeddedKafkaBroker kafka = start(tmp, kafkaPort, controllerPort);
        String bootstrap = kafka.bootstrapServers();
        KafkaClients clients = new KafkaClients(bootstrap);
        try (CoordinatorProcess coordinator = CoordinatorProcess.start(bootstrap, tmp, artifacts, httpPort,
                tmp.resolve("coordinator.log"));
                WorkerProcess worker = WorkerProcess.start(bootstrap, "w1", artifacts, tmp)) {
            assertTrue(coordinator.awaitHealthy(Duration.ofMinutes(3)), "coordinator never healthy");
            String id = JobSubmitter.submit(clients, Pipeline.job("outage", "", data.toString())
                    .replace("max_epoch: 2", "max_epoch: 4"), null);
            JobState before;
            try (JobStateReader reader = new JobStateReader(clients)) {
                before = reader.follow(id, s -> { }, s -> s.state() == JobStatus.RUNNING && s.progress().step() >= 3,
                        TIMEOUT);
            }
            assertNotNull(before, "the job never ran; see " + worker.log);
            long stoppedAt = System.nanoTime();
            kafka.close();
            System.out.printf("broker stopped with job %s at step %d of %d%n", id, before.progress().step(),
                    before.progress().maxSteps());
            Thread.sleep(OUTAGE_MS);
            kafka = start(tmp, kafkaPort, controllerPort);
            double downS = (System.nanoTime() - stoppedAt) / 1e9;
            long restartedAt = System.nanoTime();
            try (JobStateReader reader = new JobStateReader(clients)) {
                // the reader starts at the topic's beginning: wait for a training step past the one before the stop
                JobState moved = reader.follow(id, s -> { }, s -> s.state().isTerminal() || (s.state() == JobStatus.RUNNING
                        && s.progress().step() > before.progress().step() + 1), TIMEOUT);
                double movingS = (System.nanoTime() - restartedAt) / 1e9;
                assertNotNull(moved, "no progress after the broker came back; see " + worker.log);
                JobState done = reader.follow(id, s -> { }, s -> s.state().isTerminal(), TIMEOUT);
                double doneS = (System.nanoTime() - restartedAt) / 1e9;
                assertNotNull(done, "the job never ended; see " + coordinator.log + " and " + worker.log);
                System.out.printf("broker down %.1f s (ready again included); training steps reported again %.1f s"
                        + " after the restart (step %d); ended %s at step %d, %.1f s after the restart, attempt %d%n",
                        downS, movingS, moved.progress().step(), done.state(), done.progress().step(), doneS,
                        done.attempt());
                assertEquals(JobStatus.COMPLETED, done.state(), () -> "job ended " + done);
                assertEquals(1, done.attempt(), "no re-assignment: the worker was never declared lost for good");
                assertEquals(done.progress().maxSteps(), done.progress().step());
            }
            assertTrue(coordinator.awaitHealthy(Duration.ofSeconds(30)), "coordinator up after the outage");
            String log = java.nio.file.Files.readString(coordinator.log);
            log.lines().filter(l -> l.contains("Kafka unreachable") || l.contains("Kafka reachable again")
                    || l.contains(" lost")).forEach(l -> System.out.println("coordinator: " + l));
            assertTrue(log.contains("Kafka unreachable") && log.contains("Kafka reachable again"),
                    "the coordinator noticed the outage and its end");
            assertTrue(!log.contains("worker w1 lost"), "the worker was not declared lost");
        } finally {
            kafka.close();
        }
    }

    private static EmbeddedKafkaBroker start(Path tmp, int port, int controllerPort) {
        EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder(tmp.resolve("kafka")).port(port)
                .controllerPort(controllerPort).start();
        kafka.waitUntilReady(Duration.ofSeconds(90));
        return kafka;
    }
}
