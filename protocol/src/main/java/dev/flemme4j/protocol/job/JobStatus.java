package dev.flemme4j.protocol.job;

/** Life cycle of a job as recorded on the job-state topic. */
public enum JobStatus {
    SUBMITTED,
    REJECTED,
    INGESTING,
    QUEUED,
    RUNNING,
    EXPORTING,
    COMPLETED,
    FAILED,
    CANCELLED;

    public boolean isTerminal() {
        return this == REJECTED || this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
