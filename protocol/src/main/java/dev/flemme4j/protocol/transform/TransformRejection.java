package dev.flemme4j.protocol.transform;

import dev.flemme4j.protocol.config.ConfigException;

/**
 * A transform list that cannot work on the data it meets (a shape, a value), found after parsing: the coordinator
 * turns it into a rejected job with the path and the reject reason named by {@link #problem()}.
 */
public final class TransformRejection extends ConfigException {
    /** What is wrong, as the coordinator's reject reasons name it. */
    public enum Problem {
        LOADER, DATA, SHAPE
    }

    private final Problem problem;

    public TransformRejection(Problem problem, String path, String detail) {
        super(path, detail);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
