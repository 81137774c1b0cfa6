package dev.flemme4j.protocol.job;

import java.util.Map;

/**
 * Worker → coordinator report on the events topic. One shape for all kinds so that consumers can skip kinds
 * they do not know.
 *
 * @param skippedRecords cumulative count of garbled data records this worker skipped for this job
 * @param path           checkpoint file (CHECKPOINT) or exported model directory (COMPLETED)
 * @param attempt        the job attempt the event belongs to (see {@link WorkerCommand#attempt()}); 0 on a HEARTBEAT
 * @param metrics        validation scores; on a HEARTBEAT the worker's {@code capacity} and {@code busy} slots
 * @param message        free text; on a HEARTBEAT the worker's device
 */
public record WorkerEvent(Type type, String jobId, String worker, long timestamp, JobProgress progress,
        Map<String, Double> metrics, long skippedRecords, String path, String message, int attempt) {

    public enum Type {
        HEARTBEAT,
        STARTED,
        PROGRESS,
        VALIDATION,
        CHECKPOINT,
        RECORD_SKIPPED,
        EXPORTING,
        COMPLETED,
        FAILED
    }

    public static WorkerEvent of(Type type, String jobId, String worker) {
        return new WorkerEvent(type, jobId, worker, System.currentTimeMillis(), null, Map.of(), 0, null, null, 0);
    }

    public WorkerEvent withProgress(JobProgress p) {
        return new WorkerEvent(type, jobId, worker, timestamp, p, metrics, skippedRecords, path, message, attempt);
    }

    public WorkerEvent withMetrics(Map<String, Double> m) {
        return new WorkerEvent(type, jobId, worker, timestamp, progress, m, skippedRecords, path, message, attempt);
    }

    public WorkerEvent withSkipped(long n) {
        return new WorkerEvent(type, jobId, worker, timestamp, progress, metrics, n, path, message, attempt);
    }

    public WorkerEvent withPath(String p) {
        return new WorkerEvent(type, jobId, worker, timestamp, progress, metrics, skippedRecords, p, message, attempt);
    }

    public WorkerEvent withMessage(String m) {
        return new WorkerEvent(type, jobId, worker, timestamp, progress, metrics, skippedRecords, path, m, attempt);
    }

    public WorkerEvent withAttempt(int n) {
        return new WorkerEvent(type, jobId, worker, timestamp, progress, metrics, skippedRecords, path, message, n);
    }
}
