package dev.flemme4j.worker.replicas;

/** An averaging round could not complete: a replica fell silent or sent nothing that fits this one's model. */
public final class ReplicaSyncException extends RuntimeException {
    public ReplicaSyncException(String message) {
        super(message);
    }
}
