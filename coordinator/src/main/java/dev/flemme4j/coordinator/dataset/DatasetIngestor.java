package dev.flemme4j.coordinator.dataset;

import dev.flemme4j.protocol.job.DatasetIngestion;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a dataset plan into its data topics: every pair decoded, transformed and encoded as a tensor
 * record, keyed {@code <index>/<file name>}. Returns only once the broker acknowledged every record, so a
 * {@link DatasetIngestion} built from the result describes data that is really there.
 *
 * <p>Blocking and CPU-heavy: run it on a worker thread.
 */
public final class DatasetIngestor {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetIngestor.class);

    /** Makes an empty topic for a split; a seam so tests need no broker. */
    @FunctionalInterface
    public interface TopicPreparer {
        void prepare(String topic);
    }

    /** Told after each record is sent: (records sent so far, total records). Called on the ingesting thread. */
    @FunctionalInterface
    public interface Progress {
        void update(long done, long total);
    }

    private final Producer<String, byte[]> producer;
    private final TopicPreparer topics;
    private final SampleEncoder encoder;
    private final Clock clock;

    public DatasetIngestor(Producer<String, byte[]> producer, TopicPreparer topics, SampleEncoder encoder, Clock clock) {
        this.producer = producer;
        this.topics = topics;
        this.encoder = encoder;
        this.clock = clock;
    }

    public DatasetIngestion ingest(DatasetPlan plan, Progress progress) {
        long total = plan.train().size() + plan.val().size();
        long started = System.nanoTime();
        LOG.info("ingesting dataset {}: {} train + {} val samples", plan.datasetId(), plan.train().size(), plan.val().size());
        AtomicLong sent = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long train = send(plan.trainTopic(), plan.train(), plan.trainTransforms(), sent, total, failure, progress);
        long val = plan.val().isEmpty() ? 0 : send(plan.valTopic(), plan.val(), plan.valTransforms(), sent, total, failure, progress);
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("Kafka did not accept every record of dataset " + plan.datasetId() + ": "
                    + failure.get().getMessage(), failure.get());
        }
        LOG.info("dataset {} ingested: {} records in {} ms", plan.datasetId(), total, (System.nanoTime() - started) / 1_000_000);
        return new DatasetIngestion(plan.datasetId(), plan.trainTopic(), train, plan.valTopic(), val, clock.millis());
    }

    private long send(String topic, List<SamplePair> pairs, DatasetPlan.Transforms transforms, AtomicLong sent, long total,
            AtomicReference<Exception> failure, Progress progress) {
        topics.prepare(topic);
        // fetch the new topic's metadata now, so the first sends do not race the broker's leader election
        producer.partitionsFor(topic);
        for (int i = 0; i < pairs.size(); i++) {
            if (failure.get() != null) {
                break;
            }
            SamplePair pair = pairs.get(i);
            byte[] value = encoder.encode(pair, transforms);
            producer.send(new ProducerRecord<>(topic, pair.key(i), value), (meta, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
            });
            progress.update(sent.incrementAndGet(), total);
        }
        return pairs.size();
    }
}
