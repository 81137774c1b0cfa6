package dev.flemme4j.coordinator.job;

import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.job.JobError;

/**
 * A job that cannot run, with the YAML path of the fault (empty for the whole document) and a message meant
 * for the person who submitted it.
 */
public final class JobRejection extends RuntimeException {
    private final RejectReason reason;
    private final String path;
    private final String detail;

    public JobRejection(RejectReason reason, String path, String detail) {
        super((path == null || path.isEmpty() ? "" : path + ": ") + detail);
        this.reason = reason;
        this.path = path == null ? "" : path;
        this.detail = detail;
    }

    public static JobRejection of(ConfigException e) {
        return new JobRejection(RejectReason.ofPath(e.path()), e.path(), e.reason());
    }

    public static JobRejection of(RejectReason reason, ConfigException e) {
        return new JobRejection(reason, e.path(), e.reason());
    }

    public RejectReason reason() {
        return reason;
    }

    public String path() {
        return path;
    }

    public JobError toError() {
        return new JobError(path, detail);
    }
}
