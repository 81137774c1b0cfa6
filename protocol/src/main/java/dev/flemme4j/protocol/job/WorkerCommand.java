package dev.flemme4j.protocol.job;

/**
 * Coordinator → worker instruction on the commands topic. Addressed to a job and, optionally, to one worker
 * ({@code worker == null} means "any idle worker may claim it"), so that later multi-worker scheduling and
 * data-parallel replicas fit without a new message shape.
 *
 * @param jobYaml       the job's YAML text exactly as submitted (the worker parses its own sections)
 * @param trainTopic    data topic of the training split (tensor records "image", "label")
 * @param trainRecords  number of records in the training topic
 * @param valTopic      data topic of the validation split, or null
 * @param artifactDir   where checkpoints and the exported model go
 */
public record WorkerCommand(Type type, String commandId, String jobId, String worker, String jobYaml,
        String trainTopic, long trainRecords, String valTopic, long valRecords, String artifactDir, String modelName) {

    public enum Type {
        TRAIN,
        CANCEL
    }
}
