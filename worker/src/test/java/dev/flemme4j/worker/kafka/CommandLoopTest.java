package dev.flemme4j.worker.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.protocol.Topics;
import dev.flemme4j.worker.WorkerMetrics;
import dev.flemme4j.worker.WorkerOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Bad records on the commands topic: each is logged, counted and skipped; the loop keeps reading. */
class CommandLoopTest {
    @Test
    void undecodableAndIncompleteCommandsAreCountedAndSkipped() throws Exception {
        TopicPartition tp = new TopicPartition(Topics.COMMANDS, 0);
        MockConsumer<String, byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
        List<byte[]> values = List.of(
                new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1},                     // binary
                "null".getBytes(StandardCharsets.UTF_8),                            // JSON, but nothing
                "{\"type\":\"EXPLODE\",\"worker\":\"w1\"}".getBytes(StandardCharsets.UTF_8), // unknown type
                "{\"job_id\":\"j\",\"worker\":\"w1\"}".getBytes(StandardCharsets.UTF_8),      // no type
                "{\"type\":\"TRAIN\",\"worker\":\"w1\",\"attempt\":0}".getBytes(StandardCharsets.UTF_8), // no job
                "{\"type\":\"TRAIN\",\"job_id\":\"j\",\"worker\":\"w2\",\"attempt\":1}".getBytes(StandardCharsets.UTF_8),
                "{\"type\":\"TRAIN\",\"job_id\":\"j\",\"attempt\":0}".getBytes(StandardCharsets.UTF_8)); // queue entry
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(tp));
            consumer.updateBeginningOffsets(Map.of(tp, 0L));
            consumer.addRecord(new ConsumerRecord<>(Topics.COMMANDS, 0, 0, "w1", null)); // no value at all
            for (int i = 0; i < values.size(); i++) {
                consumer.addRecord(new ConsumerRecord<>(Topics.COMMANDS, 0, i + 1, "w1", values.get(i)));
            }
        });
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MockProducer<String, byte[]> events = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        CommandLoop loop = new CommandLoop(WorkerOptions.defaults("127.0.0.1:1").withWorkerId("w1"),
                new EventPublisher(events), new WorkerMetrics(registry, "w1"), consumer);
        Thread thread = new Thread(loop, "command-loop-test");
        thread.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && (consumer.committed(java.util.Set.of(tp)).get(tp) == null
                || consumer.committed(java.util.Set.of(tp)).get(tp).offset() < values.size() + 1)) {
            Thread.sleep(20);
        }
        assertTrue(thread.isAlive(), "bad commands do not end the loop");
        assertEquals(values.size() + 1, consumer.committed(java.util.Set.of(tp)).get(tp).offset(), "all read past");
        assertEquals(0, loop.heldJobs(), "nothing was taken for training");
        loop.stop();
        thread.join(30_000);
        String scrape = registry.scrape();
        assertTrue(scrape.contains("flemme_worker_commands_ignored_total{reason=\"undecodable\",worker=\"w1\"} 5.0"), scrape);
        assertTrue(scrape.contains("flemme_worker_commands_ignored_total{reason=\"incomplete\",worker=\"w1\"} 1.0"), scrape);
        assertTrue(events.history().isEmpty(), "no event for a command that was not run");
    }
}
