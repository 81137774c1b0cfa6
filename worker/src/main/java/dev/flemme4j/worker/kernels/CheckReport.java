package dev.flemme4j.worker.kernels;

import java.util.List;

/**
 * What {@link ConvolutionCheck} found: the cases that were wrong (empty when all were right), the worst error as
 * a fraction of its tolerance, and how many repeated backward passes differed from the first or held NaN/Inf.
 */
record CheckReport(int cases, List<String> failures, double worstErrorRatio, int trials, int differing,
        int nonFinite, long millis) {
    private static final int LISTED = 3;

    CheckReport {
        failures = List.copyOf(failures);
    }

    boolean passed() {
        return failures.isEmpty() && differing == 0 && nonFinite == 0;
    }

    /** One line for logs, the probe's output and the verdict file. */
    String summary() {
        String repeated = trials + " repeated backward passes " + (differing == 0 && nonFinite == 0 ? "identical"
                : differing + " differed, " + nonFinite + " non-finite");
        if (passed()) {
            return "passed: " + cases + " cases (2D/3D outputs and gradients, worst error " + String.format("%.2g",
                    worstErrorRatio) + " of tolerance), " + repeated + " (" + millis + " ms)";
        }
        StringBuilder s = new StringBuilder("FAILED: ");
        s.append(failures.size()).append(" wrong result").append(failures.size() == 1 ? "" : "s").append(" in ").append(cases)
                .append(" cases");
        for (String f : failures.subList(0, Math.min(LISTED, failures.size()))) {
            s.append("; ").append(f);
        }
        if (failures.size() > LISTED) {
            s.append("; and ").append(failures.size() - LISTED).append(" more");
        }
        return s.append("; ").append(repeated).append(" (").append(millis).append(" ms)").toString();
    }
}
