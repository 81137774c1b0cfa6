package dev.flemme4j.cli.job;

import dev.flemme4j.protocol.job.JobProgress;
import dev.flemme4j.protocol.job.JobState;
import java.util.Locale;

/** {@code ./flemme status} as a table: one row per job. */
public final class StatusTable {
    public static final String HEADER = String.format(Locale.ROOT, "%-28s %-10s %-16s %-13s %-8s %-10s %s", "JOB",
            "STATE", "WORKER", "STEP", "LOSS", "SAMPLES/S", "ETA");

    private StatusTable() {
    }

    public static String row(JobState s, long now) {
        JobProgress p = s.progress();
        String step = p.maxSteps() > 0 ? p.step() + "/" + p.maxSteps() : "-";
        String loss = Double.isNaN(p.loss()) ? "-" : String.format(Locale.ROOT, "%.4f", p.loss());
        String sps = p.samplesPerSecond() > 0 ? String.format(Locale.ROOT, "%.1f", p.samplesPerSecond()) : "-";
        return String.format(Locale.ROOT, "%-28s %-10s %-16s %-13s %-8s %-10s %s", s.id(), s.state(),
                s.worker() == null ? "-" : s.worker() + (s.attempt() > 1 ? " #" + s.attempt() : ""), step, loss, sps,
                eta(s, now));
    }

    /**
     * Remaining steps at the pace since submission (queue and ingestion time included, so an over-estimate
     * early on); "-" when not training.
     */
    static String eta(JobState s, long now) {
        JobProgress p = s.progress();
        if (s.state().isTerminal() || p.step() <= 0 || p.maxSteps() <= p.step()
                || !(s.state().name().equals("RUNNING"))) {
            return "-";
        }
        double perStep = (s.updatedAt() - s.submittedAt()) / (double) p.step();
        long seconds = Math.round(perStep * (p.maxSteps() - p.step()) / 1000);
        return seconds >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60)
                : String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
}
