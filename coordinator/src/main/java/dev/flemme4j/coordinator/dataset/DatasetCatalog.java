package dev.flemme4j.coordinator.dataset;

import dev.flemme4j.coordinator.kafka.RecordPublisher;
import dev.flemme4j.kafka.CompactedTopic;
import dev.flemme4j.protocol.Json;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.job.DatasetIngestion;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Datasets already streamed into data topics, by dataset id, so that a dataset is ingested once across jobs and
 * coordinator restarts. Backed by the compacted datasets topic.
 */
public final class DatasetCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetCatalog.class);

    private final Map<String, DatasetIngestion> ingested = new ConcurrentHashMap<>();
    private final RecordPublisher publisher;
    private final Context context;

    public DatasetCatalog(RecordPublisher publisher, Context context) {
        this.publisher = publisher;
        this.context = context;
    }

    public void restore(List<ConsumerRecord<String, byte[]>> records) {
        CompactedTopic.replay(ingested, records, v -> Json.read(v, DatasetIngestion.class));
        LOG.info("restored {} ingested datasets from {}", ingested.size(), Topics.DATASETS);
    }

    public Optional<DatasetIngestion> find(String datasetId) {
        return Optional.ofNullable(ingested.get(datasetId));
    }

    /** Records a finished ingestion; only call it once every data record was acknowledged. */
    public Future<DatasetIngestion> record(DatasetIngestion ingestion) {
        ingested.put(ingestion.datasetId(), ingestion);
        return publisher.send(context, Topics.DATASETS, ingestion.datasetId(), Json.bytes(ingestion)).map(m -> ingestion);
    }
}
