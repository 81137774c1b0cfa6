package dev.flemme4j.cli.job;

import dev.flemme4j.coordinator.job.JobIds;
import dev.flemme4j.protocol.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Puts a job on the jobs topic exactly as kcat would (value = the YAML text unchanged), but chooses the job id
 * as the key so the caller can follow it. Validation is the coordinator's job, not the client's: a bad file
 * comes back as a REJECTED state with the faulty key's path.
 */
public final class JobSubmitter {
    private JobSubmitter() {
    }

    public static String submit(String bootstrap, String yaml, String jobId) throws InterruptedException {
        String id = jobId == null ? JobIds.system().next() : jobId;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.JOBS, id, yaml.getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not submit the job to " + bootstrap + ": " + e.getMessage(), e);
        }
        return id;
    }
}
