package dev.flemme4j.coordinator.job;

import dev.flemme4j.coordinator.dataset.DatasetPlan;
import dev.flemme4j.modelzoo.ModelSpec;
import dev.flemme4j.protocol.spec.TrainJobSpec;

/** A job that passed validation: its YAML text, parsed spec, model and the dataset it will stream (null for a KafkaStream job: nothing to ingest). */
public record ValidatedJob(String id, String yaml, TrainJobSpec spec, ModelSpec model, DatasetPlan dataset) {

    /** The name the exported model is served under: the job's {@code job.name}, else the job id. */
    public String modelName() {
        String name = spec.job().name();
        return name == null ? id : name;
    }
}
