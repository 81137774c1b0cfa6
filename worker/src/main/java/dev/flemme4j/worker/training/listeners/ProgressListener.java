package dev.flemme4j.worker.training.listeners;

import dev.flemme4j.protocol.job.JobProgress;
import dev.flemme4j.protocol.job.WorkerEvent;
import dev.flemme4j.worker.training.JobEvents;
import dev.flemme4j.worker.training.StepResult;
import dev.flemme4j.worker.training.TrainingListener;
import dev.flemme4j.worker.training.TrainingState;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * STARTED when training begins, a PROGRESS event at most every {@code intervalMs} while an epoch runs and one
 * after each epoch (with the epoch's mean loss), so the coordinator and {@code ./flemme status} can follow.
 */
public final class ProgressListener implements TrainingListener {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressListener.class);

    private final JobEvents job;
    private final long intervalMs;
    private final LongSupplier clock;
    private long lastAt;

    public ProgressListener(JobEvents job, long intervalMs, LongSupplier clock) {
        this.job = job;
        this.intervalMs = intervalMs;
        this.clock = clock;
    }

    @Override
    public void onTrainingStart(TrainingState s) {
        job.publish(job.event(WorkerEvent.Type.STARTED).withProgress(new JobProgress(s.epoch(), s.maxEpoch(), s.step(),
                s.maxSteps(), Double.NaN, 0, job.learningRate())));
    }

    @Override
    public void onStep(TrainingState state, StepResult step) {
        long now = clock.getAsLong();
        if (now - lastAt < intervalMs) {
            return;
        }
        lastAt = now;
        job.publish(job.event(WorkerEvent.Type.PROGRESS).withProgress(job.running(state, step.loss()))
                .withSkipped(job.skippedCount()));
    }

    @Override
    public void onEpochEnd(TrainingState s) {
        LOG.info("job {}: epoch {}/{} done, step {}/{}, mean loss {}, {} samples/s", job.jobId(), s.epochNumber(),
                s.maxEpoch(), s.step(), s.maxSteps(), String.format("%.4f", s.epochMeanLoss()),
                String.format("%.1f", s.epochSamplesPerSecond()));
        job.publish(job.event(WorkerEvent.Type.PROGRESS).withProgress(job.epochEnd(s)).withSkipped(job.skippedCount()));
    }
}
