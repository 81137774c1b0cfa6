package dev.flemme4j.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.job.JobState;
import dev.flemme4j.protocol.job.JobStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data-parallel training on two worker processes against one worker, with the same data, seed, learning rate,
 * epochs (10), samples and steps: one worker with batch 16, and {@code job.replicas: 2} with batch 8 each (the same
 * global batch), averaging after every step. Each replica reads half of every epoch, so both runs take 5 steps
 * an epoch over the same 80 samples (a validation split of 16 leaves no partial batch). The replicated run must
 * end within 10% of the single worker's validation loss, and both replicas must have trained and averaged (each
 * rank's parameters on the replicas topic, every round the documented rule gives; each rank's own count in its
 * log).
 */
class ReplicasIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(12);
    private static final int EPOCHS = 10;
    private static final int STEPS_PER_EPOCH = 5;
    private static final int SYNC_EVERY = 1;

    @Test
    void twoReplicasEndNearOneWorkersValidationLoss(@TempDir Path tmp) throws Exception {
        try (Pipeline p = new Pipeline(tmp, false);
                WorkerProcess w1 = WorkerProcess.start(p.bootstrap(), "r1", tmp.resolve("artifacts"), tmp);
                WorkerProcess w2 = WorkerProcess.start(p.bootstrap(), "r2", tmp.resolve("artifacts"), tmp)) {
            // 96 images, 16 held out (int(96 × 0.834) = 80 train): one worker, batch 16: 5 steps an epoch. Two
            // replicas, 40 records each, batch 8: 5 steps an epoch each; every epoch's 80 samples are trained once
            // across the two. (With the default 84, the replicas' last batches hold 2 samples, BatchNorm over 2,
            // and weigh as much in the average as full ones; there the replicas ended 36% above, see README.)
            String base = Pipeline.job("replicas-two", "", p.data.toString()).replace("max_epoch: 2",
                    "max_epoch: " + EPOCHS).replace("val_split_ratio: 0.125", "val_split_ratio: 0.166");
            String one = base.replace("name: replicas-two", "name: replicas-one").replace("batch_size: 8",
                    "batch_size: 16");
            JobState single = p.submitAndWait(one, TIMEOUT);
            assertNotNull(single, "the single-worker job did not end; see " + w1.log + " and " + w2.log);
            assertEquals(JobStatus.COMPLETED, single.state(), () -> "single-worker job ended " + single);
            assertEquals((long) EPOCHS * STEPS_PER_EPOCH, single.progress().step());

            String replicated = base + "  replicas: 2\n  sync_every: " + SYNC_EVERY + "\n  sync_timeout: 120\n";
            long t0 = System.nanoTime();
            JobState two = p.submitAndWait(replicated, TIMEOUT);
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertNotNull(two, "the replicated job did not end; see " + w1.log + " and " + w2.log);
            assertEquals(JobStatus.COMPLETED, two.state(), () -> "replicated job ended " + two + "\n"
                    + log(w1) + "\n" + log(w2));
            long steps = (long) EPOCHS * STEPS_PER_EPOCH;
            assertEquals(steps, two.progress().step(), "each replica takes 5 steps an epoch");
            assertEquals(EPOCHS, two.progress().epoch());

            double lossOne = single.metrics().get("val_loss");
            double lossTwo = two.metrics().get("val_loss");
            double ratio = lossTwo / lossOne;
            System.out.printf("final val_loss: 1 worker %.4f (%d steps of batch 16, %d epochs), 2 replicas %.4f (%d"
                    + " steps of batch 8 each, %d epochs, averaging every %d steps and at epoch end), ratio %.3f;"
                    + " replicated job took %.1f s%n", lossOne, single.progress().step(), single.progress().epoch(),
                    lossTwo, two.progress().step(), two.progress().epoch(), SYNC_EVERY, ratio, seconds);
            System.out.printf("single metrics %s%nreplicated metrics %s%n", single.metrics(), two.metrics());

            Map<String, Integer> rounds = roundsByRank(p, two.id());
            int expected = expectedRounds(steps, STEPS_PER_EPOCH);
            System.out.printf("averaging records on %s per rank: %s (expected %d each)%n", Topics.REPLICAS, rounds,
                    expected);
            assertEquals(Map.of("0", expected, "1", expected), rounds, "both replicas sent every round");
            String logs = log(w1) + log(w2);
            logs.lines().filter(l -> l.contains("averaging rounds")).forEach(System.out::println);
            assertTrue(logs.contains("replica 0 of 2 trained " + steps + " steps, " + expected
                    + " averaging rounds"), "rank 0 trained and averaged:\n" + logs);
            assertTrue(logs.contains("replica 1 of 2 trained " + steps + " steps, " + expected
                    + " averaging rounds"), "rank 1 trained and averaged:\n" + logs);
            assertTrue(Math.abs(ratio - 1) <= 0.10, "2 replicas within 10% of 1 worker: " + lossTwo + " vs " + lossOne);
        }
    }

    /** The documented rule: a round every {@code sync_every} global steps and at every epoch end, once per step. */
    private static int expectedRounds(long steps, long perEpoch) {
        int n = 0;
        for (long s = 1; s <= steps; s++) {
            if (s % SYNC_EVERY == 0 || s % perEpoch == 0) {
                n++;
            }
        }
        return n;
    }

    /** Rank → averaging records of the job's first attempt (the start broadcast not counted). */
    private static Map<String, Integer> roundsByRank(Pipeline p, String jobId) {
        Map<String, Integer> out = new TreeMap<>();
        try (Consumer<String, byte[]> c = p.clients().dataConsumer("replicas-it")) {
            List<TopicPartition> parts = c.partitionsFor(Topics.REPLICAS, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    String[] k = r.key().split("/");
                    if (k[0].equals(jobId) && k[1].equals("1") && !k[2].equals("start")) {
                        out.merge(k[3], 1, Integer::sum);
                    }
                }
            }
        }
        return out;
    }

    private static String log(WorkerProcess w) {
        try {
            return Files.readString(w.log);
        } catch (java.io.IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
