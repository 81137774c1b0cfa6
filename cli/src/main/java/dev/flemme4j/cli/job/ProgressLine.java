package dev.flemme4j.cli.job;

import dev.flemme4j.protocol.job.JobProgress;
import dev.flemme4j.protocol.job.JobState;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Renders a job's state as one self-overwriting terminal line (a bar, epoch, step, loss, samples/s); on a
 * non-terminal stream (CI logs) it prints a plain line per change of epoch or state instead.
 */
public final class ProgressLine {
    private static final int BAR = 24;
    private final PrintStream out;
    private final boolean interactive;
    private String lastPlain = "";
    private int lastWidth;

    public ProgressLine(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    public static boolean isInteractive() {
        return System.console() != null && System.getenv("CI") == null;
    }

    public void update(JobState s) {
        String line = render(s);
        if (interactive) {
            String padded = line.length() < lastWidth ? line + " ".repeat(lastWidth - line.length()) : line;
            out.print("\r" + padded);
            out.flush();
            lastWidth = line.length();
        } else {
            JobProgress p = s.progress();
            String key = s.state() + "/" + p.epoch();
            if (!key.equals(lastPlain)) {
                out.println(line);
                lastPlain = key;
            }
        }
    }

    /** Ends the overwritten line so later output starts on a fresh one. */
    public void finish() {
        if (interactive && lastWidth > 0) {
            out.println();
            lastWidth = 0;
        }
    }

    public static String render(JobState s) {
        JobProgress p = s.progress();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-10s", s.state()));
        if (p.maxSteps() > 0) {
            int filled = (int) Math.round(p.fraction() * BAR);
            b.append(" [").append("#".repeat(filled)).append(".".repeat(BAR - filled)).append("] ");
            b.append(String.format(Locale.ROOT, "epoch %d/%d  step %d/%d", p.epoch(), p.maxEpoch(), p.step(), p.maxSteps()));
            if (!Double.isNaN(p.loss())) {
                b.append(String.format(Locale.ROOT, "  loss %.4f", p.loss()));
            }
            if (p.samplesPerSecond() > 0) {
                b.append(String.format(Locale.ROOT, "  %.1f samples/s", p.samplesPerSecond()));
            }
        }
        Double dice = s.metrics().get("Dice");
        if (dice != null) {
            b.append(String.format(Locale.ROOT, "  val Dice %.3f", dice));
        }
        if (s.error() != null) {
            b.append("  error at ").append(s.error().path().isEmpty() ? "<document>" : s.error().path()).append(": ")
                    .append(s.error().message());
        }
        return b.toString();
    }
}
