package dev.flemme4j.protocol.job;

/** Record of a dataset already streamed into data topics (value of the datasets topic, key = dataset id). */
public record DatasetIngestion(String datasetId, String trainTopic, long trainRecords, String valTopic,
        long valRecords, long createdAt) {
}
