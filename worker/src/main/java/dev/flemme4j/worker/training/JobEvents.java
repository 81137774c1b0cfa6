package dev.flemme4j.worker.training;

import dev.flemme4j.protocol.job.JobProgress;
import dev.flemme4j.protocol.job.WorkerEvent;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * The events one job sends from this worker, with the job and worker filled in, the skipped-record count and
 * the current learning rate attached where the protocol has room for them.
 */
public final class JobEvents {
    private final Consumer<WorkerEvent> sink;
    private final String jobId;
    private final String workerId;
    private final int attempt;
    private final DoubleSupplier learningRate;
    private final AtomicLong skipped = new AtomicLong();

    public JobEvents(Consumer<WorkerEvent> sink, String jobId, String workerId, int attempt,
            DoubleSupplier learningRate) {
        this.attempt = attempt;
        this.sink = sink;
        this.jobId = jobId;
        this.workerId = workerId;
        this.learningRate = learningRate;
    }

    public String jobId() {
        return jobId;
    }

    public WorkerEvent event(WorkerEvent.Type type) {
        return WorkerEvent.of(type, jobId, workerId).withAttempt(attempt);
    }

    public void publish(WorkerEvent event) {
        sink.accept(event);
    }

    /** Counts a record the data reader could not use and says so on the events topic; returns the new count. */
    public long skipped(String reason) {
        long n = skipped.incrementAndGet();
        publish(event(WorkerEvent.Type.RECORD_SKIPPED).withSkipped(n).withMessage(reason));
        return n;
    }

    public long skippedCount() {
        return skipped.get();
    }

    public double learningRate() {
        return learningRate.getAsDouble();
    }

    /** Position within the running epoch (1-based epoch, loss of the last step). */
    public JobProgress running(TrainingState s, double loss) {
        return new JobProgress(s.epochNumber(), s.maxEpoch(), s.step(), s.maxSteps(), loss, s.samplesPerSecond(),
                learningRate());
    }

    /** Position after an epoch ended (its mean loss and throughput). */
    public JobProgress epochEnd(TrainingState s) {
        return new JobProgress(s.epochNumber(), s.maxEpoch(), s.step(), s.maxSteps(), s.epochMeanLoss(),
                s.epochSamplesPerSecond(), learningRate());
    }
}
