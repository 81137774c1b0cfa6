package dev.flemme4j.cli.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.protocol.job.JobState;
import dev.flemme4j.protocol.job.JobStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** How often the progress is written: in place on a terminal, sparse plain lines in a file or CI log. */
class ProgressDisplayTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong clock = new AtomicLong();

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Two steps a second for 8 epochs of 23 steps, as the worker reports them; ~92 s. */
    private void train(ProgressDisplay d) {
        d.accept(JobState.submitted("job-1", "q", 0));
        d.accept(JobState.submitted("job-1", "q", 0).withState(JobStatus.QUEUED, 0));
        for (int step = 1; step <= 184; step++) {
            clock.addAndGet(500);
            d.accept(ProgressRendererTest.running((step - 1) / 23 + 1, step, Map.of()));
        }
    }

    @Test
    void plainOutputWritesALinePerStateAndPerEpochNotPerStep() {
        ProgressDisplay d = new ProgressDisplay(new LiveConsole(out, out, false, 80), clock::get, Duration.ofSeconds(30));
        train(d);
        d.finish();
        List<String> lines = text().lines().toList();
        assertFalse(text().contains("\r"), "no carriage returns in a log file");
        // SUBMITTED, QUEUED, the first RUNNING record, then one line per later epoch (each lasts 11.5 s)
        assertEquals(3 + 7, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(2).startsWith("RUNNING    [") && lines.get(2).contains("epoch 1/8  step 1/184"), lines.get(2));
        assertTrue(lines.get(9).contains("epoch 8/8"), lines.get(9));
        assertTrue(lines.get(9).contains("ETA "), "a plain line carries the ETA too: " + lines.get(9));
    }

    @Test
    void plainOutputOfManyShortEpochsIsRateLimited() {
        ProgressDisplay d = new ProgressDisplay(new LiveConsole(out, out, false, 80), clock::get, Duration.ofSeconds(30));
        d.accept(JobState.submitted("job-1", "q", 0));
        for (int epoch = 1; epoch <= 100; epoch++) {
            clock.addAndGet(1_000); // one-second epochs
            d.accept(ProgressRendererTest.running(epoch, epoch, Map.of()));
        }
        // SUBMITTED, the first RUNNING at 1 s, then one line per 5 s (interval / 6): at 6 s, 11 s, ..., 96 s
        assertEquals(2 + 19, text().lines().count(), text());
    }

    @Test
    void plainOutputWithinALongEpochWritesOncePerInterval() {
        ProgressDisplay d = new ProgressDisplay(new LiveConsole(out, out, false, 80), clock::get, Duration.ofSeconds(30));
        for (int step = 1; step <= 120; step++) {
            clock.addAndGet(1_000); // one epoch of 120 s
            d.accept(ProgressRendererTest.running(1, step, Map.of()));
        }
        assertEquals(4, text().lines().count(), "at 1 s, 31 s, 61 s and 91 s:\n" + text());
    }

    @Test
    void aTerminalGetsOneLineRewrittenInPlaceAtMostFiveTimesASecond() {
        ProgressDisplay d = new ProgressDisplay(new LiveConsole(out, out, true, 100), clock::get, Duration.ofSeconds(30));
        d.accept(ProgressRendererTest.running(1, 1, Map.of()));
        for (int step = 2; step <= 100; step++) {
            clock.addAndGet(50); // twenty records a second
            d.accept(ProgressRendererTest.running(1, step, Map.of()));
        }
        d.finish();
        String t = text();
        // (String.lines() would split at \r too)
        assertEquals(1, t.chars().filter(c -> c == '\n').count(), "a single line, rewritten: " + t.replace("\r", "\\r\n"));
        assertTrue(t.endsWith(System.lineSeparator()), "finish ends the line");
        long redraws = t.chars().filter(c -> c == '\r').count();
        // the first record, then one per 200 ms of the 99 that follow over 4.95 s, then the held-back last one
        assertEquals(1 + 24 + 1, redraws);
        String lastDrawn = t.substring(t.lastIndexOf('\r') + 1).strip();
        assertTrue(lastDrawn.contains("step 100/184"), "finish draws the last state: " + lastDrawn);
        for (String drawn : t.split("\r")) {
            assertTrue(drawn.strip().length() <= 99, "fits 100 columns: " + drawn);
        }
    }

    @Test
    void aLogLineOnATerminalAppearsAboveTheProgressLineNotInsideIt() {
        LiveConsole console = new LiveConsole(out, out, true, 100);
        String status = "RUNNING    [#####...] epoch 1/8";
        console.status(status);
        console.log("WARN  Worker: something");
        // wiped (spaces over the old text), the log line on its own line, then the status line drawn again
        assertEquals("\r" + status + "\r" + " ".repeat(status.length()) + "\rWARN  Worker: something"
                + System.lineSeparator() + status, text());
    }

    @Test
    void aShorterStatusLineErasesTheRestOfTheLongerOne() {
        LiveConsole console = new LiveConsole(out, out, true, 100);
        console.status("0123456789");
        console.status("abc");
        assertEquals("\r0123456789\rabc       ", text());
    }
}
