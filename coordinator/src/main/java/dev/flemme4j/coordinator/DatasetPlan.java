package dev.flemme4j.coordinator;

import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.spec.TransformSpec;
import java.util.List;

/**
 * What to stream into the data topics for a job: the samples of each split and the transforms that turn a
 * pair of files into a record. {@code datasetId} names the topics, so equal plans share one ingestion.
 */
public record DatasetPlan(String datasetId, List<SamplePair> train, List<SamplePair> val, Transforms trainTransforms,
        Transforms valTransforms) {

    /**
     * The transforms of one split: data transforms for the image, effective label transforms for the label.
     *
     * @param section the loader they come from ({@code loader} / {@code val_loader}), to name faults
     */
    public record Transforms(String section, List<TransformSpec> data, List<TransformSpec> label) {
    }

    public String trainTopic() {
        return Topics.data(datasetId, "train");
    }

    /** Null when the job has no validation split. */
    public String valTopic() {
        return val.isEmpty() ? null : Topics.data(datasetId, "val");
    }
}
