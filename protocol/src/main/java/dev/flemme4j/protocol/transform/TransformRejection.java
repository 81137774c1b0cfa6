package dev.flemme4j.protocol.transform;

/**
 * A transform list that cannot work on the data it meets (a shape, a value), found after parsing: the coordinator
 * turns it into a rejected job with {@link #path()} and the reason of the same name.
 */
public final class TransformRejection extends RuntimeException {
    /** What is wrong, as the coordinator's reject reasons name it. */
    public enum Problem {
        LOADER, DATA, SHAPE
    }

    private final Problem problem;
    private final String path;
    private final String detail;

    public TransformRejection(Problem problem, String path, String detail) {
        super(path + ": " + detail);
        this.problem = problem;
        this.path = path;
        this.detail = detail;
    }

    public Problem problem() {
        return problem;
    }

    public String path() {
        return path;
    }

    public String detail() {
        return detail;
    }
}
