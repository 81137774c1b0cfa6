package dev.flemme4j.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PollLoopTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    private static MockConsumer<String, byte[]> consumer() {
        MockConsumer<String, byte[]> c = new MockConsumer<>("earliest");
        c.updateBeginningOffsets(Map.of(TP, 0L));
        return c;
    }

    private static final class Recording implements PollLoop.Body {
        final List<String> seen = new CopyOnWriteArrayList<>();
        volatile boolean ended;
        volatile String failOn;

        @Override
        public void open(Consumer<String, byte[]> consumer) {
            consumer.assign(List.of(TP));
            consumer.seekToBeginning(List.of(TP));
        }

        @Override
        public void onRecords(ConsumerRecords<String, byte[]> records) {
            for (ConsumerRecord<String, byte[]> r : records) {
                if (r.key().equals(failOn)) {
                    throw new IllegalStateException("poison " + r.key());
                }
                seen.add(r.key());
            }
        }

        @Override
        public void onEnd() {
            ended = true;
        }
    }

    @Test
    void handsOverRecordsInOrderOnItsOwnNamedThreadAndClosesCleanly() throws Exception {
        MockConsumer<String, byte[]> c = consumer();
        Recording body = new Recording();
        List<String> threads = new CopyOnWriteArrayList<>();
        PollLoop loop = new PollLoop("test-loop", c, Duration.ofMillis(10), new PollLoop.Body() {
            @Override
            public void open(Consumer<String, byte[]> consumer) {
                threads.add(Thread.currentThread().getName());
                body.open(consumer);
            }

            @Override
            public void onRecords(ConsumerRecords<String, byte[]> records) {
                body.onRecords(records);
            }

            @Override
            public void onEnd() {
                body.onEnd();
            }
        }).start();
        waitFor(() -> !c.assignment().isEmpty());
        c.schedulePollTask(() -> {
            c.addRecord(new ConsumerRecord<>("t", 0, 0, "a", new byte[0]));
            c.addRecord(new ConsumerRecord<>("t", 0, 1, "b", new byte[0]));
        });
        waitFor(() -> body.seen.size() == 2);
        assertEquals(List.of("a", "b"), body.seen);
        assertEquals(List.of("test-loop"), threads);

        loop.close();
        assertTrue(c.closed(), "the loop closes its consumer");
        assertTrue(body.ended);
        assertTrue(loop.problem().isEmpty(), "a closed loop is not a dead loop: " + loop.problem());
    }

    @Test
    void anExceptionEndsTheLoopAndReportsItDead() throws Exception {
        MockConsumer<String, byte[]> c = consumer();
        Recording body = new Recording();
        body.failOn = "bad";
        PollLoop loop = new PollLoop("dying-loop", c, Duration.ofMillis(10), body).start();
        waitFor(() -> !c.assignment().isEmpty());
        c.schedulePollTask(() -> {
            c.addRecord(new ConsumerRecord<>("t", 0, 0, "ok", new byte[0]));
            c.addRecord(new ConsumerRecord<>("t", 0, 1, "bad", new byte[0]));
        });
        waitFor(() -> loop.problem().isPresent());
        assertTrue(loop.problem().get().contains("dying-loop") && loop.problem().get().contains("poison bad"),
                loop.problem().get());
        waitFor(c::closed);
        assertEquals(List.of("ok"), body.seen);
        loop.close();
        assertTrue(loop.problem().isPresent(), "closing afterwards does not hide the death");
    }

    @Test
    void aConsumerFailureAlsoMarksTheLoopDead() throws Exception {
        MockConsumer<String, byte[]> c = consumer();
        PollLoop loop = new PollLoop("broken-consumer", c, Duration.ofMillis(10), new Recording()).start();
        waitFor(() -> !c.assignment().isEmpty());
        c.setPollException(new org.apache.kafka.common.KafkaException("broker says no"));
        waitFor(() -> loop.problem().isPresent());
        assertTrue(loop.problem().get().contains("broker says no"), loop.problem().get());
        loop.close();
    }

    @Test
    void closingANeverStartedLoopClosesItsConsumer() {
        MockConsumer<String, byte[]> c = consumer();
        PollLoop loop = new PollLoop("idle", c, Duration.ofMillis(10), new Recording());
        loop.close();
        assertTrue(c.closed());
        assertFalse(loop.running());
    }

    static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
