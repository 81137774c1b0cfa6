package dev.flemme4j.worker.training;

/** The loss stopped being a finite number; the job fails with this message instead of exporting garbage. */
public final class TrainingDivergedException extends RuntimeException {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
