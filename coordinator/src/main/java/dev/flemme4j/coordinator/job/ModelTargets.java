package dev.flemme4j.coordinator.job;

import dev.flemme4j.protocol.job.JobState;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Under which name a job's exported model is released, and whether it is released at all ({@code job.serve}).
 * Known from the validated job; after a coordinator restart the job state's name (or its id) stands in and the
 * model is released, which is the default.
 */
public final class ModelTargets {
    public record Target(String modelName, boolean serve) {
    }

    private final Map<String, Target> byJob = new ConcurrentHashMap<>();

    public void remember(ValidatedJob job) {
        byJob.put(job.id(), new Target(job.modelName(), job.spec().job().serve()));
    }

    public Target of(JobState job) {
        Target t = byJob.get(job.id());
        return t != null ? t : new Target(job.name() != null ? job.name() : job.id(), true);
    }

    public void forget(String jobId) {
        byJob.remove(jobId);
    }
}
