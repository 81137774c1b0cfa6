package dev.flemme4j.coordinator.job;

import java.util.Locale;

/**
 * Why a job was rejected, as a small fixed set: it is the {@code reason} label of
 * {@code flemme_jobs_rejected_total}, so it must never carry user text.
 */
public enum RejectReason {
    /** The Kafka value is not a job document at all (empty, binary, not UTF-8, too big). */
    PAYLOAD,
    /** Malformed YAML or a document that is not a mapping. */
    YAML,
    /** A top-level training key (optimizer, max_epoch, job, ...). */
    CONFIG,
    /** The {@code model:} section. */
    MODEL,
    /** A {@code loader:} / {@code val_loader:} section. */
    LOADER,
    /** The dataset on disk: missing folders, unpaired or unreadable files. */
    DATA,
    /** Transforms and model disagree on the input shape. */
    SHAPE,
    /** A fault of the coordinator or Kafka, not of the job. */
    INTERNAL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The reason for a config fault, judged by the YAML path it points at. */
    public static RejectReason ofPath(String path) {
        if (path == null || path.isEmpty()) {
            return YAML;
        }
        if (path.equals("model") || path.startsWith("model.")) {
            return MODEL;
        }
        if (path.startsWith("loader") || path.startsWith("val_loader")) {
            return LOADER;
        }
        return CONFIG;
    }
}
