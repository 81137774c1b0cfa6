package dev.flemme4j.worker;

/** The loss stopped being a finite number; the job fails with this message instead of exporting garbage. */
final class TrainingDivergedException extends RuntimeException {
    TrainingDivergedException(String message) {
        super(message);
    }
}
