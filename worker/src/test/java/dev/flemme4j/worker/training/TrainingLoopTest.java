package dev.flemme4j.worker.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.protocol.job.WorkerEvent;
import dev.flemme4j.worker.checkpoint.CheckpointStore;
import dev.flemme4j.worker.checkpoint.TrainingCheckpoint;
import dev.flemme4j.worker.data.BatchSource;
import dev.flemme4j.worker.data.Sample;
import dev.flemme4j.worker.training.listeners.CheckpointListener;
import dev.flemme4j.worker.training.listeners.DivergenceCheck;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The loop with a fake data source, a fake objective and recording listeners: no model, no Kafka. */
class TrainingLoopTest {
    /** {@code batches} batches of one sample per epoch; offsets count the batches handed out. */
    static final class FakeSource implements BatchSource {
        final int batches;
        long handedOut;

        FakeSource(int batches) {
            this.batches = batches;
        }

        @Override
        public void readEpoch(int epoch, Consumer<List<Sample>> sink, BooleanSupplier stop) {
            for (int i = 0; i < batches && !stop.getAsBoolean(); i++) {
                handedOut++;
                sink.accept(List.of(new Sample("e" + epoch + "b" + i, new float[] {1}, new long[] {1}, new float[] {0},
                        new long[] {1})));
            }
        }

        @Override
        public Map<String, Long> consumedOffsets() {
            return Map.of("t-0", handedOut);
        }
    }

    static final class Recorder implements TrainingListener {
        final List<String> calls = new ArrayList<>();

        @Override
        public void onTrainingStart(TrainingState s) {
            calls.add("start");
        }

        @Override
        public void onEpochStart(TrainingState s) {
            calls.add("epoch" + s.epochNumber());
        }

        @Override
        public void beforeStep(TrainingState s) {
            calls.add("before" + (s.step() + 1));
        }

        @Override
        public void onStep(TrainingState s, StepResult r) {
            calls.add("step" + s.step());
        }

        @Override
        public void onEpochEnd(TrainingState s) {
            calls.add("end" + s.epochNumber());
        }

        @Override
        public void onTrainingEnd(TrainingState s) {
            calls.add("done");
        }
    }

    @Test
    void callsListenersInOrderAndStopsAtMaxSteps() {
        Recorder rec = new Recorder();
        TrainingLoop loop = new TrainingLoop(new FakeSource(2), batch -> 0.5f, List.of(rec), () -> false);
        TrainingState state = new TrainingState(5, 3, 2);
        assertTrue(loop.run(state));
        assertEquals(List.of("start", "epoch1", "before1", "step1", "before2", "step2", "end1", "epoch2", "before3",
                "step3", "end2", "done"), rec.calls);
        assertEquals(3, state.step());
    }

    @Test
    void epochMeanLossAndLastEpoch() {
        float[] losses = {1, 3, 5, 7};
        int[] i = {0};
        List<Double> means = new ArrayList<>();
        List<Boolean> last = new ArrayList<>();
        TrainingListener l = new TrainingListener() {
            @Override
            public void onEpochEnd(TrainingState s) {
                means.add(s.epochMeanLoss());
                last.add(s.isLastEpoch());
            }
        };
        new TrainingLoop(new FakeSource(2), b -> losses[i[0]++], List.of(l), () -> false)
                .run(new TrainingState(2, Long.MAX_VALUE, 2));
        assertEquals(List.of(2.0, 6.0), means);
        assertEquals(List.of(false, true), last);
    }

    @Test
    void divergenceStopsTheRunWithoutEndingIt() {
        Recorder rec = new Recorder();
        float[] losses = {1, Float.NaN, 2};
        int[] i = {0};
        TrainingLoop loop = new TrainingLoop(new FakeSource(3), b -> losses[i[0]++],
                List.of(new DivergenceCheck("j", () -> "terms"), rec), () -> false);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> loop.run(new TrainingState(1, 10, 3)));
        assertTrue(e.getMessage().contains("epoch 1, step 2"), e.getMessage());
        assertEquals(2, i[0], "no step after the diverged one");
        assertEquals(List.of("start", "epoch1", "before1", "step1", "before2"), rec.calls);
    }

    @Test
    void cancelEndsWithoutTrainingEnd() {
        AtomicBoolean cancelled = new AtomicBoolean();
        Recorder rec = new Recorder();
        int[] steps = {0};
        TrainingLoop loop = new TrainingLoop(new FakeSource(4), b -> {
            if (++steps[0] == 2) {
                cancelled.set(true);
            }
            return 1f;
        }, List.of(rec), cancelled::get);
        assertFalse(loop.run(new TrainingState(3, 100, 4)));
        assertEquals(2, steps[0]);
        assertFalse(rec.calls.contains("end1"));
        assertFalse(rec.calls.contains("done"));
    }

    @Test
    void requestStopStillRunsEpochEndAsTheLast() {
        List<Boolean> last = new ArrayList<>();
        TrainingListener stopper = new TrainingListener() {
            @Override
            public void onStep(TrainingState s, StepResult r) {
                if (s.step() == 2) {
                    s.requestStop("enough");
                }
            }

            @Override
            public void onEpochEnd(TrainingState s) {
                last.add(s.isLastEpoch());
            }
        };
        TrainingState state = new TrainingState(3, 100, 4);
        assertTrue(new TrainingLoop(new FakeSource(4), b -> 1f, List.of(stopper), () -> false).run(state));
        assertEquals(2, state.step());
        assertEquals(List.of(true), last);
    }

    @Test
    void resumedStateContinuesCounting() {
        Recorder rec = new Recorder();
        TrainingState state = new TrainingState(3, 100, 2).resumeAt(2, 4);
        new TrainingLoop(new FakeSource(2), b -> 1f, List.of(rec), () -> false).run(state);
        assertEquals(List.of("start", "epoch3", "before5", "step5", "before6", "step6", "end3", "done"), rec.calls);
    }

    @Test
    void checkpointsEveryNStepsAndAtEpochEnds() {
        List<TrainingCheckpoint> written = new ArrayList<>();
        CheckpointStore store = new CheckpointStore() {
            @Override
            public Path writeLast(TrainingCheckpoint position) {
                written.add(position);
                return Path.of("ckp_last");
            }

            @Override
            public Path copyLastToBest() {
                throw new AssertionError("no validation, no best");
            }
        };
        List<WorkerEvent> events = new ArrayList<>();
        JobEvents job = new JobEvents(events::add, "j", "w", 1, () -> 0.1);
        FakeSource source = new FakeSource(5);
        CheckpointListener ckp = new CheckpointListener(store, source::consumedOffsets, null, 1, 2, job, null);
        new TrainingLoop(source, b -> 1f, List.of(ckp), () -> false).run(new TrainingState(2, 100, 5));
        // steps 2 and 4 inside epoch 1, the end of epoch 1 (step 5), steps 6 and 8, the end of epoch 2 (step 10)
        assertEquals(List.of(2L, 4L, 5L, 6L, 8L, 10L), written.stream().map(TrainingCheckpoint::step).toList());
        TrainingCheckpoint mid = written.get(3);
        assertEquals(1, mid.epoch(), "one epoch completed");
        assertEquals(1, mid.stepInEpoch());
        assertTrue(mid.midEpoch());
        assertEquals(Map.of("t-0", 6L), mid.offsets());
        TrainingCheckpoint end = written.get(2);
        assertEquals(1, end.epoch());
        assertFalse(end.midEpoch());
        assertEquals(6, events.stream().filter(e -> e.type() == WorkerEvent.Type.CHECKPOINT).count());
        assertEquals(written.get(5), ckp.last());
    }
}
