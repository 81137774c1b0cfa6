package dev.flemme4j.worker.training.listeners;

import dev.flemme4j.worker.WorkerMetrics;
import dev.flemme4j.worker.training.JobEvents;
import dev.flemme4j.worker.training.StepResult;
import dev.flemme4j.worker.training.TrainingListener;
import dev.flemme4j.worker.training.TrainingState;

/** Step time, loss, learning rate and position as Prometheus meters. */
public final class MetricsListener implements TrainingListener {
    private final WorkerMetrics metrics;
    private final JobEvents job;

    public MetricsListener(WorkerMetrics metrics, JobEvents job) {
        this.metrics = metrics;
        this.job = job;
    }

    @Override
    public void onStep(TrainingState state, StepResult step) {
        metrics.recordStep(job.jobId(), step.seconds(), step.batch().size(), step.loss(), (float) job.learningRate());
        metrics.recordPosition(job.jobId(), state.epochNumber(), state.step());
    }
}
