package dev.flemme4j.protocol.job;

import java.util.List;
import java.util.Map;

/**
 * The value of a job on the compacted job-state topic. Immutable; the coordinator writes a new one on every
 * transition so that the latest record always says everything a user (or kcat) needs.
 *
 * @param metrics   last validation metrics by name (e.g. "Dice"), empty before the first validation
 * @param warnings  keys accepted for compatibility with Flemme but not acted upon, and similar notes
 * @param model     the served model's name once exported, else null
 * @param artifacts directory holding checkpoints and the exported model, else null
 * @param attempt   how many times the job was assigned to a worker (0 while not yet assigned)
 */
public record JobState(String id, String name, JobStatus state, JobError error, JobProgress progress,
        Map<String, Double> metrics, List<String> warnings, String worker, String model, String artifacts,
        long submittedAt, long updatedAt, int attempt) {

    public JobState {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        progress = progress == null ? JobProgress.none() : progress;
    }

    public static JobState submitted(String id, String name, long now) {
        return new JobState(id, name, JobStatus.SUBMITTED, null, JobProgress.none(), Map.of(), List.of(), null, null,
                null, now, now, 0);
    }

    public JobState withState(JobStatus s, long now) {
        return new JobState(id, name, s, error, progress, metrics, warnings, worker, model, artifacts, submittedAt, now,
                attempt);
    }

    public JobState rejected(JobError e, long now) {
        return new JobState(id, name, JobStatus.REJECTED, e, progress, metrics, warnings, worker, model, artifacts,
                submittedAt, now, attempt);
    }

    public JobState failed(JobError e, long now) {
        return new JobState(id, name, JobStatus.FAILED, e, progress, metrics, warnings, worker, model, artifacts,
                submittedAt, now, attempt);
    }

    public JobState withName(String n) {
        return new JobState(id, n, state, error, progress, metrics, warnings, worker, model, artifacts, submittedAt,
                updatedAt, attempt);
    }

    public JobState withWarnings(List<String> w) {
        return new JobState(id, name, state, error, progress, metrics, w, worker, model, artifacts, submittedAt,
                updatedAt, attempt);
    }

    public JobState withProgress(JobProgress p, String w, long now) {
        return new JobState(id, name, state, error, p, metrics, warnings, w, model, artifacts, submittedAt, now,
                attempt);
    }

    public JobState withMetrics(Map<String, Double> m, long now) {
        return new JobState(id, name, state, error, progress, m, warnings, worker, model, artifacts, submittedAt, now,
                attempt);
    }

    public JobState withArtifacts(String dir, String modelName, long now) {
        return new JobState(id, name, state, error, progress, metrics, warnings, worker, modelName, dir, submittedAt,
                now, attempt);
    }

    /** Assigned (again) to {@code w} as attempt {@code n}, writing to {@code dir}; the job waits QUEUED until it starts. */
    public JobState assigned(String w, int n, String dir, long now) {
        return new JobState(id, name, JobStatus.QUEUED, error, progress, metrics, warnings, w, model, dir, submittedAt,
                now, n);
    }
}
