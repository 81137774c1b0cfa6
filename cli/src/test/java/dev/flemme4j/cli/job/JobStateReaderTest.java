package dev.flemme4j.cli.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.protocol.Json;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.job.JobState;
import dev.flemme4j.protocol.job.JobStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The CLI's Kafka side through its injected-client seams: {@code MockConsumer} and {@code MockProducer}. */
class JobStateReaderTest {
    private static final TopicPartition P0 = new TopicPartition(Topics.JOB_STATE, 0);

    private static byte[] state(String id, JobStatus status) {
        return Json.bytes(JobState.submitted(id, "n", 1L).withState(status, 2L));
    }

    @Test
    void snapshotIsTheLatestStatePerJobAndFollowStopsAtTheTerminalOne() {
        MockConsumer<String, byte[]> c = new MockConsumer<>("earliest");
        c.updatePartitions(Topics.JOB_STATE, List.of(new PartitionInfo(Topics.JOB_STATE, 0, new Node(0, "h", 1), null, null)));
        c.updateBeginningOffsets(Map.of(P0, 0L));
        c.updateEndOffsets(Map.of(P0, 3L));
        c.schedulePollTask(() -> {
            c.addRecord(new ConsumerRecord<>(Topics.JOB_STATE, 0, 0, "j1", state("j1", JobStatus.QUEUED)));
            c.addRecord(new ConsumerRecord<>(Topics.JOB_STATE, 0, 1, "j2", "not json".getBytes(StandardCharsets.UTF_8)));
            c.addRecord(new ConsumerRecord<>(Topics.JOB_STATE, 0, 2, "j1", state("j1", JobStatus.RUNNING)));
        });
        try (JobStateReader reader = new JobStateReader(c)) {
            Map<String, JobState> all = reader.snapshot();
            assertEquals(List.of("j1"), List.copyOf(all.keySet()));
            assertEquals(JobStatus.RUNNING, all.get("j1").state());

            c.schedulePollTask(() -> c.addRecord(new ConsumerRecord<>(Topics.JOB_STATE, 0, 3, "j1", state("j1", JobStatus.COMPLETED))));
            List<JobStatus> seen = new ArrayList<>();
            JobState last = reader.follow("j1", s -> seen.add(s.state()), s -> s.state().isTerminal(), Duration.ofSeconds(10));
            assertEquals(JobStatus.COMPLETED, last.state());
            assertEquals(List.of(JobStatus.COMPLETED), seen);
        }
        assertTrue(c.closed());
    }

    @Test
    void submitSendsTheYamlUnchangedKeyedByTheJobId() throws Exception {
        MockProducer<String, byte[]> p = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        String id = JobSubmitter.submit(p, "mock", "mode: train\n", "job-7");
        assertEquals("job-7", id);
        ProducerRecord<String, byte[]> sent = p.history().get(0);
        assertEquals(Topics.JOBS, sent.topic());
        assertEquals("job-7", sent.key());
        assertEquals("mode: train\n", new String(sent.value(), StandardCharsets.UTF_8));
    }
}
