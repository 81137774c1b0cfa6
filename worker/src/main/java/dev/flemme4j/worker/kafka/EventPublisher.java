package dev.flemme4j.worker.kafka;

import dev.flemme4j.kafka.KafkaClients;
import dev.flemme4j.protocol.Json;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.job.WorkerEvent;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends this worker's reports to the events topic, keyed by job id so a job's events stay ordered. */
public final class EventPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    private final Producer<String, byte[]> producer;

    public EventPublisher(KafkaClients kafka, String workerId) {
        this(kafka.producer("flemme-worker-events-" + workerId));
    }

    /** Sends with the caller's producer (a {@code MockProducer} in tests); {@link #close()} closes it. */
    public EventPublisher(Producer<String, byte[]> producer) {
        this.producer = producer;
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
