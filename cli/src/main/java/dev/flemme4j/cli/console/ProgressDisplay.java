package dev.flemme4j.cli.console;

import dev.flemme4j.protocol.job.JobState;
import dev.flemme4j.protocol.job.JobStatus;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Shows a followed job's states on a {@link LiveConsole}, paced for the reader.
 * <ul>
 *   <li>On a terminal: one status line, redrawn at most every {@link #REDRAW_MILLIS} ms (a change of state is
 *       drawn at once).</li>
 *   <li>Elsewhere (files, pipes, CI logs): a plain line for each change of state, and otherwise one when an epoch
 *       starts or {@code interval} has passed since the last line, but never two within {@code interval / 6}:
 *       a job of many short epochs writes a line every few seconds, not one per epoch.</li>
 * </ul>
 */
public final class ProgressDisplay implements Consumer<JobState> {
    static final long REDRAW_MILLIS = 200;
    /** Plain lines within an epoch, for logs of long epochs. */
    public static final Duration PLAIN_INTERVAL = Duration.ofSeconds(30);
    private final LiveConsole console;
    private final LongSupplier clockMillis;
    private final long intervalMillis;
    private final EtaEstimate eta = new EtaEstimate();
    private JobStatus shownState;
    private int shownEpoch = -1;
    private long shownStep = -1;
    private long shownAt;
    private JobState pending;

    public ProgressDisplay(LiveConsole console) {
        this(console, System::currentTimeMillis, PLAIN_INTERVAL);
    }

    ProgressDisplay(LiveConsole console, LongSupplier clockMillis, Duration interval) {
        this.console = console;
        this.clockMillis = clockMillis;
        this.intervalMillis = interval.toMillis();
    }

    @Override
    public void accept(JobState s) {
        long now = clockMillis.getAsLong();
        if (s.state() == JobStatus.RUNNING && s.progress().maxSteps() > 0) {
            eta.observe(s.progress().fraction(), now);
        }
        if (shouldShow(s, now)) {
            show(s, now);
        } else {
            pending = s;
        }
    }

    /** Shows the last state if it was held back, then ends the status line. */
    public void finish() {
        if (pending != null && console.isInteractive()) {
            show(pending, clockMillis.getAsLong());
        }
        console.endStatus();
    }

    private boolean shouldShow(JobState s, long now) {
        if (s.state() != shownState) {
            return true;
        }
        long since = now - shownAt;
        if (console.isInteractive()) {
            return since >= REDRAW_MILLIS;
        }
        boolean moved = s.progress().epoch() != shownEpoch || s.progress().step() != shownStep;
        boolean newEpoch = s.progress().epoch() != shownEpoch;
        return moved && since >= intervalMillis / 6 && (newEpoch || since >= intervalMillis);
    }

    private void show(JobState s, long now) {
        Duration left = s.state() == JobStatus.RUNNING ? eta.remaining() : null;
        console.status(ProgressRenderer.render(s, left, console.width()));
        shownState = s.state();
        shownEpoch = s.progress().epoch();
        shownStep = s.progress().step();
        shownAt = now;
        pending = null;
    }
}
