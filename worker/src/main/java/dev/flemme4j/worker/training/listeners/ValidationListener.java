package dev.flemme4j.worker.training.listeners;

import dev.flemme4j.protocol.job.WorkerEvent;
import dev.flemme4j.worker.WorkerMetrics;
import dev.flemme4j.worker.evaluation.BestScore;
import dev.flemme4j.worker.training.JobEvents;
import dev.flemme4j.worker.training.TrainingListener;
import dev.flemme4j.worker.training.TrainingState;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Validates every {@code save_after_epochs} epochs and after the last, reports the scores, and keeps the best
 * score by {@code score_metric} (null best: no score metric). Registered before the checkpoint listener, which
 * records these scores and copies a best checkpoint.
 */
public final class ValidationListener implements TrainingListener {
    private final Supplier<Map<String, Double>> validation;
    private final BestScore best;
    private final int everyEpochs;
    private final JobEvents job;
    private final WorkerMetrics metrics;
    private Map<String, Double> lastScores = Map.of();
    private boolean lastWasBest;

    public ValidationListener(Supplier<Map<String, Double>> validation, BestScore best, int everyEpochs, JobEvents job,
            WorkerMetrics metrics) {
        this.validation = validation;
        this.best = best;
        this.everyEpochs = everyEpochs;
        this.job = job;
        this.metrics = metrics;
    }

    @Override
    public void onEpochEnd(TrainingState state) {
        lastWasBest = false;
        if (!state.epochDue(everyEpochs)) {
            return;
        }
        lastScores = validation.get();
        if (!lastScores.isEmpty()) {
            if (metrics != null) {
                metrics.recordValidation(job.jobId(), lastScores);
            }
            job.publish(job.event(WorkerEvent.Type.VALIDATION).withProgress(job.epochEnd(state)).withMetrics(lastScores));
        }
        lastWasBest = best != null && best.offer(state.epochNumber(), lastScores);
    }

    /** Scores of the last validation (empty before the first, or without a validation set). */
    public Map<String, Double> lastScores() {
        return lastScores;
    }

    /** Whether the validation of the epoch that just ended was the best so far. */
    public boolean lastWasBest() {
        return lastWasBest;
    }

    public BestScore best() {
        return best;
    }
}
