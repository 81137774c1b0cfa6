package dev.flemme4j.cli.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.protocol.job.JobError;
import dev.flemme4j.protocol.job.JobProgress;
import dev.flemme4j.protocol.job.JobState;
import dev.flemme4j.protocol.job.JobStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The progress line's text: its parts, the ETA's format, and how it fits a narrow terminal. */
class ProgressRendererTest {

    static JobState running(int epoch, long step, Map<String, Double> metrics) {
        return new JobState("job-1", "q", JobStatus.RUNNING, null, new JobProgress(epoch, 8, step, 184, 0.0291, 40.2, 1e-3),
                metrics, List.of(), "w", null, null, 0, 0, 1);
    }

    @Test
    void aFullLineHasEveryPartInOrder() {
        String line = ProgressRenderer.render(running(5, 115, Map.of("Dice", 0.9911, "ACC", 0.99)), Duration.ofSeconds(72),
                Integer.MAX_VALUE);
        assertEquals("RUNNING    [###############.........] epoch 5/8  step 115/184  loss 0.0291  40.2 samples/s"
                + "  val Dice 0.991  ETA 1m12s", line);
    }

    @Test
    void narrowTerminalsShrinkTheBarThenDropTheLeastNeededParts() {
        JobState s = running(5, 115, Map.of("Dice", 0.9911));
        String full = ProgressRenderer.render(s, Duration.ofSeconds(72), Integer.MAX_VALUE);
        String narrower = ProgressRenderer.render(s, Duration.ofSeconds(72), full.length() - 5);
        assertTrue(narrower.length() <= full.length() - 5);
        assertTrue(narrower.contains("] epoch 5/8") && narrower.contains("val Dice") && narrower.contains("ETA 1m12s"),
                "five characters fewer: only the bar narrows: " + narrower);
        assertFalse(narrower.contains("[########################]"));
        for (int width = 20; width <= full.length(); width++) {
            String line = ProgressRenderer.render(s, Duration.ofSeconds(72), width);
            assertTrue(line.length() <= width, width + " columns: " + line);
            assertTrue(line.startsWith("RUNNING"), line);
        }
        String w80 = ProgressRenderer.render(s, Duration.ofSeconds(72), 79);
        assertTrue(w80.contains("epoch 5/8") && w80.contains("ETA 1m12s") && w80.contains("loss"), w80);
        assertFalse(w80.contains("val Dice"), "the validation score goes first: " + w80);
        String w40 = ProgressRenderer.render(s, Duration.ofSeconds(72), 40);
        assertEquals("RUNNING    epoch 5/8  ETA 1m12s", w40, "at 40 columns: no bar, state, epoch and ETA");
    }

    @Test
    void statesBeforeTrainingSayWhatTheJobWaitsFor() {
        JobState ingesting = JobState.submitted("job-1", "q", 0).withState(JobStatus.INGESTING, 0);
        assertEquals("INGESTING  streaming the dataset into Kafka", ProgressRenderer.render(ingesting));
    }

    @Test
    void aRejectedJobShowsThePathOfTheFault() {
        JobState rejected = JobState.submitted("job-1", "q", 0).rejected(new JobError("model.encoder.name", "unknown encoder"), 0);
        assertEquals("REJECTED   error at model.encoder.name: unknown encoder", ProgressRenderer.render(rejected));
    }

    @Test
    void etaIsWrittenInSecondsMinutesOrHours() {
        assertEquals("0s", EtaEstimate.format(Duration.ZERO));
        assertEquals("59s", EtaEstimate.format(Duration.ofMillis(59_400)));
        assertEquals("1m00s", EtaEstimate.format(Duration.ofMillis(59_600)));
        assertEquals("3m05s", EtaEstimate.format(Duration.ofSeconds(185)));
        assertEquals("1h02m", EtaEstimate.format(Duration.ofSeconds(3720)));
    }

    @Test
    void etaIsTheAverageRateSinceFirstSeenAppliedToWhatIsLeft() {
        EtaEstimate eta = new EtaEstimate();
        eta.observe(0.10, 1_000);
        assertEquals(null, eta.remaining(), "one observation says nothing about speed");
        eta.observe(0.20, 11_000); // 0.1 of the job in 10 s: 0.8 left takes 80 s
        assertEquals(Duration.ofSeconds(80), eta.remaining());
        eta.observe(0.30, 41_000); // a slow stretch (validation): 0.2 in 40 s, 0.7 left -> 140 s
        assertEquals(Duration.ofSeconds(140), eta.remaining());
        eta.observe(1.0, 50_000);
        assertEquals(Duration.ZERO, eta.remaining());
        eta.observe(0.05, 60_000); // a restarted job counts its steps from zero: measure afresh
        assertEquals(null, eta.remaining());
    }
}
