package dev.flemme4j.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.cli.data.ShapesDatasetGenerator;
import dev.flemme4j.cli.data.ShapesDatasetWriter;
import dev.flemme4j.cli.job.JobStateReader;
import dev.flemme4j.cli.job.JobSubmitter;
import dev.flemme4j.cli.kafka.EmbeddedKafkaBroker;
import dev.flemme4j.coordinator.Coordinator;
import dev.flemme4j.coordinator.CoordinatorOptions;
import dev.flemme4j.kafka.KafkaClients;
import dev.flemme4j.kafka.KafkaUserSettings;
import dev.flemme4j.protocol.job.JobState;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training over a SCRAM-SHA-256 broker with real processes: a worker without credentials and one with a wrong
 * password exit at start with the reason in their log; a worker given the credentials the way a user would
 * (FLEMME_KAFKA_* in its environment) trains a job the authenticated coordinator hands it to COMPLETED.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ScramTrainingIT {
    private static final String USER = "flemme-it";
    private static final String PASSWORD = "scram-it-secret-7";

    private static Map<String, String> env(String password) {
        return Map.of("FLEMME_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "FLEMME_KAFKA_SASL_MECHANISM", "SCRAM-SHA-256",
                "FLEMME_KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + USER + "\" password=\"" + password + "\";");
    }

    @Test
    void onlyAWorkerWithTheCredentialsGetsToTrain(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("shapes");
        new ShapesDatasetWriter(new ShapesDatasetGenerator(Pipeline.IMAGE, 11)).write(data, 64, 8);
        Path artifacts = tmp.resolve("artifacts");
        KafkaClients clients;
        Vertx vertx = Vertx.vertx();
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder(tmp.resolve("kafka")).port(0).controllerPort(0)
                .scram(USER, PASSWORD).start()) {
            kafka.waitUntilReady(Duration.ofSeconds(60));
            String bootstrap = kafka.bootstrapServers();
            clients = new KafkaClients(bootstrap, KafkaUserSettings.load(null, env(PASSWORD)));
            Coordinator coordinator = Coordinator.start(vertx, CoordinatorOptions.defaults(bootstrap)
                    .withKafkaSettings(clients.userSettings()).withDataRoot(tmp).withArtifactRoot(artifacts).withHttpPort(0))
                    .await(120, TimeUnit.SECONDS);
            try (WorkerProcess anonymous = WorkerProcess.start(bootstrap, "anonymous", artifacts, tmp, Map.of(),
                    List.of("--broker-timeout", "6"));
                 WorkerProcess wrong = WorkerProcess.start(bootstrap, "wrong-password", artifacts, tmp, env("not-it"), List.of())) {
                OptionalInt wrongExit = wrong.exitWithin(Duration.ofSeconds(90));
                OptionalInt anonymousExit = anonymous.exitWithin(Duration.ofSeconds(90));
                String wrongLog = Files.readString(wrong.log);
                String anonymousLog = Files.readString(anonymous.log);
                assertTrue(wrongExit.isPresent(), "a worker with a wrong password kept running:\n" + wrongLog);
                assertNotEquals(0, wrongExit.getAsInt(), wrongLog);
                assertTrue(wrongLog.contains("refused this client's credentials"), wrongLog);
                assertTrue(anonymousExit.isPresent(), "a worker without credentials kept running:\n" + anonymousLog);
                assertNotEquals(0, anonymousExit.getAsInt(), anonymousLog);
                assertTrue(anonymousLog.contains("no answer from a Kafka broker") && anonymousLog.contains("FLEMME_KAFKA_SECURITY_PROTOCOL"),
                        anonymousLog);
            }
            try (WorkerProcess trusted = WorkerProcess.start(bootstrap, "trusted", artifacts, tmp, env(PASSWORD), List.of())) {
                String id = JobSubmitter.submit(clients, Pipeline.job("over-scram", "", data.toString())
                        .replace("max_epoch: 2", "max_epoch: 1"), null);
                JobState end;
                try (JobStateReader reader = new JobStateReader(clients)) {
                    end = reader.follow(id, s -> { }, s -> s.state().isTerminal(), Duration.ofMinutes(5));
                }
                assertEquals("COMPLETED", end.state().name(), () -> "job " + id + " ended " + end + "\nworker log:\n" + log(trusted));
                assertFalse(log(trusted).contains("refused this client's credentials"));
            } finally {
                coordinator.stop().await(30, TimeUnit.SECONDS);
            }
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    private static String log(WorkerProcess w) {
        try {
            return Files.readString(w.log);
        } catch (java.io.IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }
}
