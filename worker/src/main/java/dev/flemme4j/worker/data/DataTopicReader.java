package dev.flemme4j.worker.data;

import dev.flemme4j.kafka.KafkaClients;
import dev.flemme4j.protocol.tensor.TensorRecordException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one pass ("epoch") over a data topic: all partitions from the beginning up to the end offsets seen
 * when the pass starts. Uses manual assignment (no consumer group) because every epoch re-reads the topic.
 * Garbled records are handed to the {@code onSkipped} callback and skipped, never thrown.
 *
 * <p>A replica's reader ({@link #share}) keeps only its share of the records: with the partitions in order and
 * each one's records numbered on from the previous partition's, record {@code g} belongs to replica
 * {@code g mod n}. So every record is read by exactly one replica per pass, and the shares differ by at most one
 * record however the partitions are filled (splitting by partition would not be exact: partitions differ in size).
 * Each replica still fetches every partition and skips the others' records undecoded: bandwidth traded for the
 * exact split.
 */
public final class DataTopicReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DataTopicReader.class);
    /** How long metadata calls are retried through a broker outage before the job fails. */
    private static final Duration PATIENCE = Duration.ofMinutes(10);
    private final org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer;
    private final String topic;
    private final SampleDecoder decoder;
    private final Map<String, Long> consumed = new java.util.TreeMap<>();
    private LongConsumer lag = n -> { };
    private int rank;
    private int replicas = 1;
    private boolean follow;

    public DataTopicReader(KafkaClients kafka, String topic, SampleDecoder decoder, String clientId) {
        this(kafka.dataConsumer(clientId), topic, decoder);
    }

    /** Reads with the caller's consumer (a {@code MockConsumer} in tests); {@link #close()} closes it. */
    public DataTopicReader(org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer, String topic,
            SampleDecoder decoder) {
        this.consumer = consumer;
        this.topic = topic;
        this.decoder = decoder;
    }

    /**
     * Reports, during each pass, the records of the pass not yet handed to the sink: the end offsets seen when
     * the pass started minus the consumer position (the {@code flemme_kafka_consumer_lag} gauge).
     */
    public DataTopicReader onLag(LongConsumer listener) {
        this.lag = listener;
        return this;
    }

    /** Keeps only replica {@code r}'s share of every pass (of {@code n} replicas); see the class comment. */
    public DataTopicReader share(int r, int n) {
        if (n < 1 || r < 0 || r >= n) {
            throw new IllegalArgumentException("replica " + r + " of " + n);
        }
        this.rank = r;
        this.replicas = n;
        return this;
    }

    /**
     * Makes every pass follow the topic (a KafkaStream): it never reaches an end but reads records as the producer
     * writes them, until {@code cancelled} turns true; partitions created later are not picked up.
     */
    public DataTopicReader follow() {
        this.follow = true;
        return this;
    }

    /** How many of {@code records} (a whole topic) replica {@code r} of {@code n} reads per pass. */
    public static long shareSize(long records, int r, int n) {
        return records <= r ? 0 : (records - r + n - 1) / n;
    }

    /**
     * Reads the topic once, passing each decoded sample to {@code sink}. Returns how many samples were read.
     * Stops early (returning what was read) when {@code cancelled} turns true.
     */
    public long readPass(Consumer<Sample> sink, Consumer<String> onSkipped, BooleanSupplier cancelled) {
        return readPass(Map.of(), (s, partition, offset) -> sink.accept(s), onSkipped, cancelled);
    }

    /** Receives each sample with the partition ("topic-N") and offset it was read from. */
    @FunctionalInterface
    public interface PositionedSink {
        void accept(Sample sample, String partition, long offset);
    }

    /**
     * Like {@link #readPass(Consumer, Consumer, BooleanSupplier)}, but starts each partition named in {@code from}
     * ("topic-N" → offset) at that offset instead of its beginning: the rest of an epoch a checkpoint interrupted.
     */
    public long readPass(Map<String, Long> from, PositionedSink sink, Consumer<String> onSkipped,
            BooleanSupplier cancelled) {
        List<TopicPartition> parts = partitions();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        for (TopicPartition tp : parts) {
            Long start = from.get(tp.toString());
            if (start != null) {
                consumer.seek(tp, start);
            }
        }
        Map<TopicPartition, Long> end = follow ? endless(parts) : patiently("the end offsets of " + topic,
                () -> consumer.endOffsets(parts, Duration.ofSeconds(30)));
        Map<TopicPartition, Long> base = replicas > 1 ? numbering(parts, end) : Map.of();
        long remaining = 0;
        for (TopicPartition tp : parts) {
            remaining += follow ? 1 : end.get(tp) - patiently("the position in " + tp,
                    () -> consumer.position(tp, Duration.ofSeconds(30)));
        }
        lag.accept(follow ? 0 : remaining);
        long read = 0;
        while ((follow || remaining > 0) && !cancelled.getAsBoolean()) {
            for (ConsumerRecord<String, byte[]> rec : consumer.poll(Duration.ofMillis(500))) {
                TopicPartition tp = new TopicPartition(rec.topic(), rec.partition());
                if (rec.offset() >= end.get(tp)) {
                    continue;
                }
                if (!follow) {
                    remaining--;
                    lag.accept(remaining);
                }
                if (replicas > 1 && Math.floorMod(base.get(tp) + rec.offset(), (long) replicas) != rank) {
                    continue; // another replica's record
                }
                try {
                    sink.accept(decoder.decode(rec.key(), rec.value()), tp.toString(), rec.offset());
                    read++;
                } catch (TensorRecordException e) {
                    String where = rec.topic() + "/" + rec.partition() + "@" + rec.offset();
                    LOG.warn("skipping garbled record {} (key {}): {}", where, rec.key(), e.getMessage());
                    onSkipped.accept(where + ": " + e.getMessage());
                }
            }
            // Partitions read to their end are paused so a long epoch on one partition does not starve others.
            for (TopicPartition tp : parts) {
                if (consumer.position(tp) >= end.get(tp)) {
                    consumer.pause(List.of(tp));
                }
            }
        }
        lag.accept(follow ? 0 : Math.max(0, remaining));
        consumer.resume(parts);
        consumed.clear();
        for (TopicPartition tp : parts) {
            consumed.put(tp.toString(), patiently("the position in " + tp, () -> consumer.position(tp, Duration.ofSeconds(30))));
        }
        return read;
    }

    /** A followed stream's pass has no end offsets: every record is in the pass. */
    private static Map<TopicPartition, Long> endless(List<TopicPartition> parts) {
        Map<TopicPartition, Long> out = new java.util.HashMap<>();
        parts.forEach(tp -> out.put(tp, Long.MAX_VALUE));
        return out;
    }

    /**
     * Per partition, what to add to an offset to get the record's number in the topic: the partitions' sizes
     * (from their beginning to the pass's end offsets) laid end to end, in partition order.
     */
    private Map<TopicPartition, Long> numbering(List<TopicPartition> parts, Map<TopicPartition, Long> end) {
        Map<TopicPartition, Long> begin = patiently("the beginning offsets of " + topic,
                () -> consumer.beginningOffsets(parts, Duration.ofSeconds(30)));
        Map<TopicPartition, Long> out = new java.util.HashMap<>();
        long next = 0;
        for (TopicPartition tp : parts.stream().sorted(java.util.Comparator.comparingInt(TopicPartition::partition))
                .toList()) {
            out.put(tp, next - begin.get(tp));
            next += end.get(tp) - begin.get(tp);
        }
        return out;
    }

    /** Next offset to read per partition ("topic-partition" → offset) after the last pass, for checkpoints. */
    public Map<String, Long> consumedOffsets() {
        return Map.copyOf(consumed);
    }

    private List<TopicPartition> partitions() {
        List<PartitionInfo> infos = patiently("the partitions of " + topic,
                () -> consumer.partitionsFor(topic, Duration.ofSeconds(30)));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException(follow ? "topic " + topic + " (loader.dataset.topic) does not exist: create it"
                    + " before submitting the KafkaStream job" : "data topic " + topic + " does not exist");
        }
        List<TopicPartition> out = new ArrayList<>();
        for (PartitionInfo i : infos) {
            out.add(new TopicPartition(topic, i.partition()));
        }
        return out;
    }

    /**
     * A metadata call that outlives a broker restart: each try gives up after its own 30 s, and a restarting broker
     * (a KRaft restart under load takes longer than that) must not fail the job, so it is tried again for up to
     * {@link #PATIENCE}.
     */
    private static <T> T patiently(String what, java.util.function.Supplier<T> call) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            try {
                return call.get();
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.warn("Kafka did not answer for {} in time ({}); trying again", what, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
