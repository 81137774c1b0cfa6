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
 * @param artifactDir   where checkpoints and the exported model go (one directory per attempt)
 * @param attempt       1 for the first assignment of the job, +1 on every re-assignment; a worker's events carry
 *                      it, and the coordinator ignores events of any attempt but the job's current one
 * @param resumeFrom    checkpoint directory an earlier attempt left ({@code .../checkpoints/ckp_last}), or null
 *                      to start from scratch
 * @param rank          this replica's index in a data-parallel attempt, 0..replicas-1 (0 for a plain job)
 * @param replicas      how many workers train this attempt together ({@code job.replicas}); 0 from a coordinator
 *                      older than replicas, meaning 1
 * @param issuedAt      when the coordinator assigned the attempt (epoch millis); replicas read the parameter
 *                      exchange from shortly before it, so none misses a round sent before it started reading
 */
public record WorkerCommand(Type type, String commandId, String jobId, String worker, String jobYaml,
        String trainTopic, long trainRecords, String valTopic, long valRecords, String artifactDir, String modelName,
        int attempt, String resumeFrom, int rank, int replicas, long issuedAt) {

    /** The same command addressed to {@code worker} as attempt {@code n}, writing to {@code dir}. */
    public WorkerCommand assigned(String commandId, String worker, int n, String dir, String resume) {
        return new WorkerCommand(type, commandId, jobId, worker, jobYaml, trainTopic, trainRecords, valTopic, valRecords,
                dir, modelName, n, resume, rank, replicas, System.currentTimeMillis());
    }

    /** The same command as replica {@code r} of {@code count} workers, assigned at {@code at}. */
    public WorkerCommand asReplica(int r, int count, long at) {
        return new WorkerCommand(type, commandId, jobId, worker, jobYaml, trainTopic, trainRecords, valTopic, valRecords,
                artifactDir, modelName, attempt, resumeFrom, r, count, at);
    }

    /** Workers training this attempt together; at least 1. */
    public int replicaCount() {
        return Math.max(1, replicas);
    }

    /** A CANCEL of attempt {@code n} of {@code jobId}, addressed to the worker that holds it. */
    public static WorkerCommand cancel(String commandId, String jobId, String worker, int n) {
        return new WorkerCommand(Type.CANCEL, commandId, jobId, worker, null, null, 0, null, 0, null, null, n, null, 0, 1, 0);
    }

    public enum Type {
        TRAIN,
        CANCEL
    }
}
