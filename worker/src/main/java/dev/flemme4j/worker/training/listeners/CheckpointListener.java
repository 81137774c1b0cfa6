package dev.flemme4j.worker.training.listeners;

import dev.flemme4j.protocol.job.WorkerEvent;
import dev.flemme4j.worker.WorkerMetrics;
import dev.flemme4j.worker.checkpoint.CheckpointStore;
import dev.flemme4j.worker.checkpoint.TrainingCheckpoint;
import dev.flemme4j.worker.evaluation.BestScore;
import dev.flemme4j.worker.training.JobEvents;
import dev.flemme4j.worker.training.StepResult;
import dev.flemme4j.worker.training.TrainingListener;
import dev.flemme4j.worker.training.TrainingState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes {@code ckp_last} after every {@code save_after_epochs} epochs and the last one (with that validation's
 * scores, copied to {@code ckp_best_score} when best), and every {@code checkpoint_every} steps in between so a
 * replacement worker repeats at most that many steps. Each records the data offsets consumed so far.
 */
public final class CheckpointListener implements TrainingListener {
    private final CheckpointStore store;
    private final Supplier<Map<String, Long>> offsets;
    private final ValidationListener validation;
    private final int everyEpochs;
    private final long everySteps;
    private final JobEvents job;
    private final WorkerMetrics metrics;
    private TrainingCheckpoint last;

    /**
     * @param validation the validation listener registered before this one, or null when the run does not validate
     * @param everySteps 0: only at epoch ends
     */
    public CheckpointListener(CheckpointStore store, Supplier<Map<String, Long>> offsets, ValidationListener validation,
            int everyEpochs, long everySteps, JobEvents job, WorkerMetrics metrics) {
        this.store = store;
        this.offsets = offsets;
        this.validation = validation;
        this.everyEpochs = everyEpochs;
        this.everySteps = everySteps;
        this.job = job;
        this.metrics = metrics;
    }

    @Override
    public void onStep(TrainingState state, StepResult step) {
        if (everySteps <= 0 || state.step() % everySteps != 0 || state.stepLimitReached()) {
            return;
        }
        if (state.stepInEpoch() >= state.itersPerEpoch() && state.epochDue(everyEpochs)) {
            return; // the epoch-end checkpoint follows at once
        }
        // mid-epoch: the epoch counts as not done, so a resume re-enters it at these offsets
        write(state, new TrainingCheckpoint(job.jobId(), state.epoch(), state.step(), step.loss(), Map.of(),
                offsets.get(), bestValue(), state.stepInEpoch()), false);
    }

    @Override
    public void onEpochEnd(TrainingState state) {
        if (!state.epochDue(everyEpochs)) {
            return;
        }
        Map<String, Double> scores = validation == null ? Map.of() : validation.lastScores();
        boolean isBest = validation != null && validation.lastWasBest();
        write(state, new TrainingCheckpoint(job.jobId(), state.epochNumber(), state.step(), state.epochMeanLoss(),
                scores, offsets.get(), bestValue(), 0), isBest);
    }

    private void write(TrainingState state, TrainingCheckpoint position, boolean isBest) {
        long t0 = System.nanoTime();
        Path dir;
        try {
            dir = store.writeLast(position);
            if (isBest) {
                store.copyLastToBest();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write checkpoint at step " + state.step(), e);
        }
        last = position;
        if (metrics != null) {
            metrics.recordCheckpoint(job.jobId(), (System.nanoTime() - t0) / 1e9);
        }
        BestScore best = validation == null ? null : validation.best();
        job.publish(job.event(WorkerEvent.Type.CHECKPOINT).withProgress(job.epochEnd(state)).withPath(dir.toString())
                .withMessage(isBest ? "best " + best.metric() + " so far: " + best.bestValue() : null));
    }

    private Double bestValue() {
        BestScore best = validation == null ? null : validation.best();
        return best == null ? null : best.bestValue();
    }

    /** The last checkpoint written, or null before the first. */
    public TrainingCheckpoint last() {
        return last;
    }
}
