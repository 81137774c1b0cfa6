package dev.flemme4j.coordinator.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The consumer loop with a MockConsumer: order, commits, a failing handler, a handler that takes its time. */
class ConsumerLoopTest {
    @Test
    void handlesInOrderCommitsEachAndSurvivesAFailingHandler() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            TopicPartition tp = new TopicPartition("t", 0);
            MockConsumer<String, byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
            consumer.schedulePollTask(() -> {
                consumer.rebalance(List.of(tp));
                consumer.updateBeginningOffsets(Map.of(tp, 0L));
                for (int i = 0; i < 200; i++) {
                    consumer.addRecord(new ConsumerRecord<>("t", 0, i, "k" + i, new byte[] {(byte) i}));
                }
            });
            List<Long> handled = new CopyOnWriteArrayList<>();
            ConsumerLoop loop = new ConsumerLoop(consumer, "t", vertx.getOrCreateContext(), rec -> {
                handled.add(rec.offset());
                if (rec.offset() == 7) {
                    throw new IllegalStateException("poison");
                }
                if (rec.offset() == 9) {
                    // finishes later than a poll: the loop must wait for it, not move on
                    Promise<Void> later = Promise.promise();
                    vertx.setTimer(600, id -> later.complete());
                    return later.future();
                }
                return Future.succeededFuture();
            }).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (handled.size() < 200 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Map<TopicPartition, Long> committed = new HashMap<>();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                var c = consumer.committed(java.util.Set.of(tp)).get(tp);
                if (c != null && c.offset() == 200) {
                    committed.put(tp, c.offset());
                    break;
                }
                Thread.sleep(20);
            }
            loop.close();
            assertEquals(200, handled.size());
            for (int i = 0; i < 200; i++) {
                assertEquals(i, handled.get(i), "in order");
            }
            assertEquals(200L, committed.get(tp), "every record committed, the poison one too");
            assertTrue(loop.problem().isEmpty(), "a failing handler does not kill the loop");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void withAWindowASlowRecordDoesNotHoldUpTheOnesBehindItButHoldsTheirCommit() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            TopicPartition tp = new TopicPartition("t", 0);
            MockConsumer<String, byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
            consumer.schedulePollTask(() -> {
                consumer.rebalance(List.of(tp));
                consumer.updateBeginningOffsets(Map.of(tp, 0L));
                for (int i = 0; i < 100; i++) {
                    consumer.addRecord(new ConsumerRecord<>("t", 0, i, "k" + i, new byte[] {(byte) i}));
                }
            });
            List<Long> started = new CopyOnWriteArrayList<>();
            List<Long> finished = new CopyOnWriteArrayList<>();
            Promise<Void> slow = Promise.promise();
            ConsumerLoop loop = new ConsumerLoop(consumer, "t", vertx.getOrCreateContext(), rec -> {
                started.add(rec.offset());
                if (rec.offset() == 3) {
                    return slow.future().onComplete(ar -> finished.add(rec.offset()));
                }
                finished.add(rec.offset());
                return Future.succeededFuture();
            }, 16).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (finished.size() < 99 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(300);
            assertEquals(100, started.size(), "one unfinished handler leaves room in a window of 16");
            assertEquals(99, finished.size(), "the quick ones behind the slow one finished");
            var c = consumer.committed(java.util.Set.of(tp)).get(tp);
            assertEquals(3L, c == null ? -1 : c.offset(), "committed up to the unfinished record, not past it");
            vertx.runOnContext(v -> slow.complete());
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                c = consumer.committed(java.util.Set.of(tp)).get(tp);
                if (c != null && c.offset() == 100) {
                    break;
                }
                Thread.sleep(20);
            }
            loop.close();
            assertEquals(100L, c == null ? -1 : c.offset(), "all committed once the slow one finished");
            for (int i = 0; i < 100; i++) {
                assertEquals(i, started.get(i), "started in order");
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
