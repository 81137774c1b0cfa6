package dev.flemme4j.coordinator.kafka;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Sends small control messages (job states, commands, releases) without blocking the event loop:
 * {@code Producer.send} may block on metadata, so it runs on one dedicated thread, which also keeps the send
 * order of the caller. The returned future completes on the caller's Vert.x context once the broker
 * acknowledged the record.
 */
public final class RecordPublisher implements AutoCloseable {
    private final Producer<String, byte[]> producer;
    private final ExecutorService sender;

    public RecordPublisher(Producer<String, byte[]> producer) {
        this.producer = producer;
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "flemme-coordinator-publisher");
            t.setDaemon(true);
            return t;
        });
    }

    public Future<RecordMetadata> send(Context context, String topic, String key, byte[] value) {
        Promise<RecordMetadata> promise = Promise.promise();
        try {
            sender.execute(() -> {
                try {
                    producer.send(new ProducerRecord<>(topic, key, value), (meta, error) -> context.runOnContext(v -> {
                        if (error != null) {
                            promise.tryFail(error);
                        } else {
                            promise.tryComplete(meta);
                        }
                    }));
                } catch (RuntimeException e) {
                    context.runOnContext(v -> promise.tryFail(e));
                }
            });
        } catch (RejectedExecutionException e) {
            promise.tryFail(new IllegalStateException("the coordinator is stopping", e));
        }
        return promise.future();
    }

    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
