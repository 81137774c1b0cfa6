package dev.flemme4j.cli.job;

import dev.flemme4j.coordinator.job.JobIds;
import dev.flemme4j.kafka.KafkaClients;
import dev.flemme4j.protocol.Topics;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Puts a job on the jobs topic exactly as kcat would (value = the YAML text unchanged), but chooses the job id
 * as the key so the caller can follow it. Validation is the coordinator's job, not the client's: a bad file
 * comes back as a REJECTED state with the faulty key's path.
 */
public final class JobSubmitter {
    private JobSubmitter() {
    }

    public static String submit(KafkaClients kafka, String yaml, String jobId) throws InterruptedException {
        try (Producer<String, byte[]> producer = kafka.producer("flemme-cli-submit")) {
            return submit(producer, kafka.bootstrapServers(), yaml, jobId);
        }
    }

    /** Sends with the caller's producer (a {@code MockProducer} in tests), which stays open. */
    static String submit(Producer<String, byte[]> producer, String where, String yaml, String jobId) throws InterruptedException {
        String id = jobId == null ? JobIds.system().next() : jobId;
        try {
            producer.send(new ProducerRecord<>(Topics.JOBS, id, yaml.getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not submit the job to " + where + ": " + e.getMessage(), e);
        }
        return id;
    }
}
