package dev.flemme4j.coordinator.kafka;

import dev.flemme4j.kafka.PollLoop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one topic on its own thread and hands each record, in offset order, to a handler on the Vert.x context.
 * Up to {@code maxInFlight} handlers may be unfinished at once (a window): the handlers are <em>started</em> in
 * order, but a slow one (a dataset ingestion can take minutes) does not hold up the quick ones behind it (a
 * rejection takes milliseconds). An offset is committed only once its record and every earlier one of its
 * partition are finished (at-least-once: unfinished work is read again after a restart), with one commit per poll
 * rather than per record.
 *
 * <p>With a full window (or the byte budget spent) the partitions are paused and the thread keeps polling, so
 * the consumer stays in its group without buffering more records. A handler failure is logged and the record
 * counts as handled: a poison record must not stop the coordinator. The thread, wake-up and death reporting are
 * {@link PollLoop}'s.
 */
public final class ConsumerLoop implements AutoCloseable, PollLoop.Body {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);
    private static final Duration POLL = Duration.ofMillis(200);
    /** Records held by unfinished handlers: bounded so a window of 1 MiB garbage records cannot exhaust the heap. */
    private static final long MAX_IN_FLIGHT_BYTES = 32L * 1024 * 1024;
    /**
     * Records read but not committable yet (finished behind an unfinished one): bounded, so that a restart during
     * an hour-long ingestion does not re-read an unbounded tail (each record is idempotent, but not free).
     */
    private static final int MAX_UNCOMMITTED = 50_000;

    /** One record handed out and not yet known finished. */
    private static final class Slot {
        final long offset;
        final int bytes;
        volatile boolean done;

        Slot(long offset, int bytes) {
            this.offset = offset;
            this.bytes = bytes;
        }
    }

    private final String topic;
    private final Context context;
    private final Function<ConsumerRecord<String, byte[]>, Future<?>> handler;
    private final int maxInFlight;
    private final PollLoop loop;
    /** Per partition, the handed-out records in offset order; touched on the loop's thread only. */
    private final Map<TopicPartition, ArrayDeque<Slot>> pending = new HashMap<>();
    /** Finished handlers signal here, from the Vert.x context, to wake a loop waiting for room. */
    private final LinkedBlockingQueue<Slot> finished = new LinkedBlockingQueue<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private int inFlight;
    private long inFlightBytes;
    private int uncommitted;
    private Consumer<String, byte[]> consumer;

    /** One record at a time: each handler finishes before the next starts. */
    public ConsumerLoop(Consumer<String, byte[]> consumer, String topic, Context context,
            Function<ConsumerRecord<String, byte[]>, Future<?>> handler) {
        this(consumer, topic, context, handler, 1);
    }

    public ConsumerLoop(Consumer<String, byte[]> consumer, String topic, Context context,
            Function<ConsumerRecord<String, byte[]>, Future<?>> handler, int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be >= 1, got " + maxInFlight);
        }
        this.topic = topic;
        this.context = context;
        this.handler = handler;
        this.maxInFlight = maxInFlight;
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
        c.subscribe(java.util.List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> parts) {
                commitFinished();
                forget(parts);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> parts) {
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> parts) {
                forget(parts);
            }
        });
    }

    @Override
    public void onRecords(ConsumerRecords<String, byte[]> batch) {
        drainFinished();
        for (ConsumerRecord<String, byte[]> rec : batch) {
            if (!loop.running()) {
                return;
            }
            awaitRoom();
            if (!loop.running()) {
                return;
            }
            dispatch(rec);
            drainFinished();
        }
        commitFinished();
    }

    private void dispatch(ConsumerRecord<String, byte[]> rec) {
        int bytes = rec.value() == null ? 0 : rec.value().length;
        Slot slot = new Slot(rec.offset(), bytes);
        pending.computeIfAbsent(new TopicPartition(rec.topic(), rec.partition()), k -> new ArrayDeque<>()).add(slot);
        inFlight++;
        inFlightBytes += bytes;
        uncommitted++;
        // Vert.x runs a context's tasks in submission order, so the handlers start in offset order
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
                slot.done = true;
                finished.add(slot);
            });
        });
    }

    /** Waits until the window has room, committing what finishes meanwhile and polling (paused) to stay in the group. */
    private void awaitRoom() {
        if (hasRoom()) {
            return;
        }
        consumer.pause(consumer.assignment());
        try {
            while (loop.running() && !hasRoom()) {
                Slot s;
                try {
                    s = finished.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (s == null) {
                    keepAlive();
                } else {
                    release(s);
                    drainFinished();
                    commitFinished();
                }
            }
        } finally {
            if (loop.running()) {
                consumer.resume(consumer.assignment());
            }
        }
    }

    private boolean hasRoom() {
        return inFlight < maxInFlight && (inFlight == 0 || inFlightBytes < MAX_IN_FLIGHT_BYTES)
                && uncommitted < MAX_UNCOMMITTED;
    }

    private void drainFinished() {
        Slot s;
        while ((s = finished.poll()) != null) {
            release(s);
        }
    }

    private void release(Slot s) {
        inFlight--;
        inFlightBytes -= s.bytes;
    }

    /**
     * Polls the paused consumer to stay in the group. After a rebalance, newly assigned partitions are not paused
     * and may return records: rewind to them and pause, so nothing is skipped or handled out of order.
     */
    private void keepAlive() {
        ConsumerRecords<String, byte[]> extra = consumer.poll(Duration.ZERO);
        if (!extra.isEmpty()) {
            Map<TopicPartition, Long> first = new HashMap<>();
            for (ConsumerRecord<String, byte[]> r : extra) {
                first.putIfAbsent(new TopicPartition(r.topic(), r.partition()), r.offset());
            }
            first.forEach(consumer::seek);
        }
        consumer.pause(consumer.assignment());
    }

    /** Commits, per partition, the offset after the longest finished prefix of handed-out records. */
    private void commitFinished() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (Map.Entry<TopicPartition, ArrayDeque<Slot>> e : pending.entrySet()) {
            ArrayDeque<Slot> q = e.getValue();
            long next = -1;
            while (!q.isEmpty() && q.peekFirst().done) {
                next = q.pollFirst().offset + 1;
                uncommitted--;
            }
            if (next >= 0 && next > committed.getOrDefault(e.getKey(), -1L)) {
                offsets.put(e.getKey(), new OffsetAndMetadata(next));
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
            offsets.forEach((tp, o) -> committed.put(tp, o.offset()));
        } catch (RuntimeException e) {
            // e.g. the partition moved to another coordinator during a rebalance: it will re-read the records
            LOG.warn("could not commit {}: {}", offsets, e.toString());
        }
    }

    /** Partitions taken away: their unfinished records will be read again by whoever gets them. */
    private void forget(Collection<TopicPartition> parts) {
        for (TopicPartition tp : parts) {
            ArrayDeque<Slot> q = pending.remove(tp);
            uncommitted -= q == null ? 0 : q.size();
            committed.remove(tp);
        }
    }

    @Override
    public void onEnd() {
        drainFinished();
        commitFinished();
    }

    @Override
    public void close() {
        loop.close();
    }
}
