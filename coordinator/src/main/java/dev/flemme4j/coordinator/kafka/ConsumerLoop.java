package dev.flemme4j.coordinator.kafka;

import dev.flemme4j.kafka.PollLoop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one topic on its own thread and hands each record, in order, to a handler on the Vert.x context; the
 * next record goes out only when the handler's future has completed, and the offset is committed after that
 * (at-least-once: a record whose work was not finished is read again after a restart).
 *
 * <p>While a handler works (a dataset ingestion can take minutes) the partitions are paused and the thread
 * keeps polling, so the consumer stays in its group without buffering more records. A handler failure is
 * logged and the record counts as handled: a poison record must not stop the coordinator. The thread, wake-up and
 * death reporting are {@link PollLoop}'s.
 */
public final class ConsumerLoop implements AutoCloseable, PollLoop.Body {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final String topic;
    private final Context context;
    private final Function<ConsumerRecord<String, byte[]>, Future<?>> handler;
    private final PollLoop loop;
    private Consumer<String, byte[]> consumer;

    public ConsumerLoop(Consumer<String, byte[]> consumer, String topic, Context context,
            Function<ConsumerRecord<String, byte[]>, Future<?>> handler) {
        this.topic = topic;
        this.context = context;
        this.handler = handler;
        this.loop = new PollLoop("flemme-coordinator-consume-" + topic, consumer, POLL, this);
    }

    public ConsumerLoop start() {
        loop.start();
        return this;
    }

    /** Why this consumer stopped, if it stopped without {@link #close()}: for the health check. */
    public Optional<String> problem() {
        return loop.problem();
    }

    @Override
    public void open(Consumer<String, byte[]> c) {
        this.consumer = c;
        c.subscribe(List.of(topic));
    }

    @Override
    public void onRecords(ConsumerRecords<String, byte[]> batch) {
        for (ConsumerRecord<String, byte[]> rec : batch) {
            if (!loop.running()) {
                break;
            }
            handle(rec);
            if (loop.running()) {
                commit(rec);
            }
        }
    }

    private void handle(ConsumerRecord<String, byte[]> rec) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            Future<?> f;
            try {
                f = handler.apply(rec);
            } catch (RuntimeException e) {
                f = Future.failedFuture(e);
            }
            f.onComplete(ar -> {
                if (ar.failed()) {
                    LOG.error("handling {}-{}@{} failed: {}", rec.topic(), rec.partition(), rec.offset(),
                            ar.cause().toString(), ar.cause());
                }
                done.complete(null);
            });
        });
        var paused = consumer.assignment();
        consumer.pause(paused);
        try {
            // Wait on the handler itself: most records (a rejection, a redelivery) finish in milliseconds, and a
            // paused poll would hold each of them for the whole poll timeout. Poll only while a handler runs long.
            while (loop.running() && !done.isDone()) {
                try {
                    done.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    keepAlive();
                } catch (ExecutionException e) {
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        } finally {
            if (loop.running()) {
                consumer.resume(consumer.assignment());
            }
        }
    }

    /**
     * Polls the paused consumer to stay in the group. After a rebalance, newly assigned partitions are not paused
     * and may return records: rewind to them and pause, so nothing is skipped or handled out of order.
     */
    private void keepAlive() {
        ConsumerRecords<String, byte[]> extra = consumer.poll(POLL);
        if (!extra.isEmpty()) {
            Map<TopicPartition, Long> first = new HashMap<>();
            for (ConsumerRecord<String, byte[]> r : extra) {
                first.putIfAbsent(new TopicPartition(r.topic(), r.partition()), r.offset());
            }
            first.forEach(consumer::seek);
        }
        consumer.pause(consumer.assignment());
    }

    private void commit(ConsumerRecord<String, byte[]> rec) {
        try {
            consumer.commitSync(Map.of(new TopicPartition(rec.topic(), rec.partition()),
                    new OffsetAndMetadata(rec.offset() + 1)));
        } catch (RuntimeException e) {
            // e.g. the partition moved to another coordinator during a rebalance: it will re-read the record
            LOG.warn("could not commit {}-{}@{}: {}", rec.topic(), rec.partition(), rec.offset(), e.toString());
        }
    }

    @Override
    public void close() {
        loop.close();
    }
}
