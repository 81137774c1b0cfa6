package dev.flemme4j.worker.kafka;

import dev.flemme4j.protocol.Json;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.job.WorkerEvent;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends this worker's reports to the events topic, keyed by job id so a job's events stay ordered. */
public final class EventPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    private final KafkaProducer<String, byte[]> producer;

    public EventPublisher(String bootstrap, String workerId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "flemme-worker-events-" + workerId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // Keeps a job's events in order even when a first send to a partition is retried (see the coordinator's
        // KafkaSettings for the failure this avoids).
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    public void publish(WorkerEvent event) {
        String key = event.jobId() == null ? "" : event.jobId();
        producer.send(new ProducerRecord<>(Topics.EVENTS, key, Json.bytes(event)), (md, e) -> {
            if (e != null) {
                LOG.warn("could not publish {} event for job {}: {}", event.type(), event.jobId(), e.toString());
            }
        });
    }

    /** Blocks until every event sent so far is acknowledged; used before reporting a terminal state. */
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
