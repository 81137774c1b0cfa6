package dev.flemme4j.worker.replicas;

import dev.flemme4j.kafka.KafkaClients;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.tensor.TensorRecord;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import dev.flemme4j.protocol.tensor.TensorRecordException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicas topic as seen by one replica of one job attempt: sends this replica's record of a round and waits
 * for the other replicas' records of the same round. Records are keyed {@code <job>/<attempt>/<round>/<rank>};
 * those of other jobs, attempts or ranks it does not wait for are skipped, and a round another replica already
 * sent while this one was still busy is kept until asked for. Reading starts a minute before the attempt was
 * assigned, so no round is missed by a replica that started reading late; not thread-safe (the training thread).
 */
public final class ParameterExchange implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ParameterExchange.class);
    /** Clock skew between the coordinator's and the replicas' hosts that reading from the assignment time allows. */
    static final Duration SKEW = Duration.ofMinutes(1);

    private final Producer<String, byte[]> producer;
    private final Consumer<String, byte[]> consumer;
    private final String prefix;
    private final int rank;
    private final Map<String, Map<Integer, TensorRecord>> received = new HashMap<>();

    /** @param since when the attempt was assigned (epoch millis): no record of it is older */
    public ParameterExchange(KafkaClients kafka, String clientId, String jobId, int attempt, int rank, long since) {
        this(kafka.producer(clientId + "-send"), kafka.dataConsumer(clientId + "-receive"), jobId, attempt, rank, since);
    }

    /** With the caller's clients (mocks in tests); {@link #close()} closes them. */
    ParameterExchange(Producer<String, byte[]> producer, Consumer<String, byte[]> consumer, String jobId, int attempt,
            int rank, long since) {
        this.producer = producer;
        this.consumer = consumer;
        this.prefix = jobId + "/" + attempt + "/";
        this.rank = rank;
        List<TopicPartition> parts = new ArrayList<>();
        List<PartitionInfo> infos = consumer.partitionsFor(Topics.REPLICAS, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + Topics.REPLICAS + " does not exist (the coordinator creates it)");
        }
        infos.forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
        consumer.assign(parts);
        Map<TopicPartition, Long> at = new HashMap<>();
        parts.forEach(tp -> at.put(tp, Math.max(0, since - SKEW.toMillis())));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(at, Duration.ofSeconds(30));
        Map<TopicPartition, Long> ends = consumer.endOffsets(parts, Duration.ofSeconds(30));
        for (TopicPartition tp : parts) {
            OffsetAndTimestamp o = found.get(tp);
            consumer.seek(tp, o != null ? o.offset() : ends.get(tp));
        }
    }

    /** Sends this replica's record of {@code round}; returns the bytes sent. Blocks until the broker has it. */
    public long send(String round, TensorRecord record) {
        byte[] value = TensorRecordCodec.standard().encode(record);
        try {
            producer.send(new ProducerRecord<>(Topics.REPLICAS, prefix + round + "/" + rank, value))
                    .get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending round " + round, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot send replica round " + round + " to " + Topics.REPLICAS + ": "
                    + e.getMessage(), e);
        }
        return value.length;
    }

    /**
     * The records of {@code round} from every rank in {@code ranks}, by rank; null when {@code cancelled} turned
     * true first.
     *
     * @throws ReplicaSyncException when they did not all arrive within {@code timeout}
     */
    public Map<Integer, TensorRecord> await(String round, Set<Integer> ranks, Duration timeout,
            BooleanSupplier cancelled) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!received.getOrDefault(round, Map.of()).keySet().containsAll(ranks)) {
            if (cancelled.getAsBoolean()) {
                return null;
            }
            if (System.nanoTime() > deadline) {
                Set<Integer> heard = new TreeSet<>(received.getOrDefault(round, Map.of()).keySet());
                Set<Integer> missing = new TreeSet<>(ranks);
                missing.removeAll(heard);
                throw new ReplicaSyncException("round " + round + " of " + prefix + ": no parameters from replica"
                        + (missing.size() > 1 ? "s " : " ") + missing + " within " + timeout.toSeconds()
                        + " s (job.sync_timeout); heard from " + heard);
            }
            for (ConsumerRecord<String, byte[]> rec : consumer.poll(Duration.ofMillis(200))) {
                accept(rec);
            }
        }
        Map<Integer, TensorRecord> out = new TreeMap<>(received.remove(round));
        out.keySet().retainAll(ranks);
        return out;
    }

    private void accept(ConsumerRecord<String, byte[]> rec) {
        String key = rec.key();
        if (key == null || rec.value() == null || !key.startsWith(prefix)) {
            return; // another job's or attempt's round
        }
        int slash = key.lastIndexOf('/');
        String round = key.substring(prefix.length(), Math.max(prefix.length(), slash));
        int from;
        try {
            from = Integer.parseInt(key.substring(slash + 1));
        } catch (NumberFormatException e) {
            LOG.warn("skipping replica record with key {}: no rank at its end", key);
            return;
        }
        if (from == rank) {
            return;
        }
        try {
            received.computeIfAbsent(round, r -> new HashMap<>()).put(from, TensorRecordCodec.standard()
                    .decode(rec.value()));
        } catch (TensorRecordException e) {
            LOG.warn("skipping undecodable replica record {} at {}-{}@{}: {}", key, rec.topic(), rec.partition(),
                    rec.offset(), e.getMessage());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        consumer.close(Duration.ofSeconds(5));
    }
}
