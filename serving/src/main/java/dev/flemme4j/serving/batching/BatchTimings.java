package dev.flemme4j.serving.batching;

/**
 * What a {@link ModelBatcher} tells about its work, for the phase timers: how long each request waited before
 * its batch started, and the size and run time of every batch.
 */
public interface BatchTimings {

    /** One request waited {@code nanos} from submit until its batch began to run. */
    void waited(long nanos);

    /** A batch of {@code samples} ran the model in {@code nanos} (input copies and output split excluded). */
    void ran(int samples, long nanos);
}
