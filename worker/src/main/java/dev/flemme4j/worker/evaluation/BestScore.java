package dev.flemme4j.worker.evaluation;

import java.util.Map;

/**
 * Decides which validation was the best by the job's {@code score_metric}, the way Flemme's trainer does: a
 * validation is the new best when its score beats the best so far by at least {@code min_score_delta} (ties do not
 * count). For a lower-is-better metric Flemme compares {@code 1 - score} instead, which is the same as asking the
 * score to drop by the delta. A validation without the metric, or with a NaN or infinitely bad value, never wins.
 */
public final class BestScore {
    /** Flemme's starting point for the best (transformed) score. */
    private static final double START = -1e10;

    private final String metric;
    private final boolean higherIsBetter;
    private final double minDelta;
    private double best = START;
    private int bestEpoch = -1;
    private Double bestValue;
    private Map<String, Double> bestScores = Map.of();

    public BestScore(String metric, boolean higherIsBetter, double minDelta) {
        this.metric = metric;
        this.higherIsBetter = higherIsBetter;
        this.minDelta = minDelta;
    }

    public String metric() {
        return metric;
    }

    /** @return whether the validation of {@code epoch} is the new best */
    public boolean offer(int epoch, Map<String, Double> scores) {
        Double v = scores.get(metric);
        if (v == null || v.isNaN()) {
            return false;
        }
        double key = higherIsBetter ? v : 1 - v;
        if (!(key >= best + minDelta)) {
            return false;
        }
        best = key;
        bestEpoch = epoch;
        bestValue = v;
        bestScores = Map.copyOf(scores);
        return true;
    }

    /** The epoch (1-based) of the best validation so far, or -1 before any. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** Every score of the best validation; empty before any. */
    public Map<String, Double> bestScores() {
        return bestScores;
    }

    /** The metric's value at the best validation, or null before any. */
    public Double bestValue() {
        return bestValue;
    }
}
