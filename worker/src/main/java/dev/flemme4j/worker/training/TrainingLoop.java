package dev.flemme4j.worker.training;

import dev.flemme4j.worker.data.BatchSource;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Owns epochs and steps: reads each epoch's batches from a {@link BatchSource}, runs the {@link BatchStep} on
 * each until {@code max_epoch}/{@code max_steps}, a cancel or a listener's stop, and tells the listeners. It
 * knows nothing of models, Kafka or files, which is what lets other objectives and replicas reuse it.
 */
public final class TrainingLoop {
    private final BatchSource source;
    private final BatchStep step;
    private final List<TrainingListener> listeners;
    private final BooleanSupplier cancelled;

    public TrainingLoop(BatchSource source, BatchStep step, List<TrainingListener> listeners,
            BooleanSupplier cancelled) {
        this.source = source;
        this.step = step;
        this.listeners = List.copyOf(listeners);
        this.cancelled = cancelled;
    }

    /** Trains from the state's position; returns true when the run ended by its limits, false when cancelled. */
    public boolean run(TrainingState state) {
        listeners.forEach(l -> l.onTrainingStart(state));
        while (state.epoch() < state.maxEpoch() && !state.stepLimitReached() && !halted(state)) {
            state.beginEpoch();
            listeners.forEach(l -> l.onEpochStart(state));
            source.readEpoch(state.epoch(), batch -> {
                if (state.stepLimitReached() || halted(state)) {
                    return;
                }
                listeners.forEach(l -> l.beforeStep(state));
                long t0 = System.nanoTime();
                float loss = step.apply(batch);
                double seconds = (System.nanoTime() - t0) / 1e9;
                state.recordStep(loss, batch.size());
                StepResult result = new StepResult(loss, batch, seconds);
                listeners.forEach(l -> l.onStep(state, result));
            }, () -> state.stepLimitReached() || halted(state));
            state.endEpoch();
            if (cancelled.getAsBoolean()) {
                break;
            }
            listeners.forEach(l -> l.onEpochEnd(state));
            state.nextEpoch();
        }
        if (cancelled.getAsBoolean()) {
            return false;
        }
        listeners.forEach(l -> l.onTrainingEnd(state));
        return true;
    }

    private boolean halted(TrainingState state) {
        return state.stopRequested() || cancelled.getAsBoolean();
    }
}
