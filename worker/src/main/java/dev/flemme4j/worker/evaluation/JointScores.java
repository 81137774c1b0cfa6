package dev.flemme4j.worker.evaluation;

import java.util.LinkedHashMap;
import java.util.Map;

/** Two {@link ValidationScores} fed the same samples, their means side by side (e.g. MSE next to CD). */
final class JointScores implements ValidationScores {
    private final ValidationScores first;
    private final ValidationScores second;

    JointScores(ValidationScores first, ValidationScores second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public void add(float[] pred, int offset, float[] target, int targetOffset, int length) {
        first.add(pred, offset, target, targetOffset, length);
        second.add(pred, offset, target, targetOffset, length);
    }

    @Override
    public Map<String, Double> means() {
        Map<String, Double> m = new LinkedHashMap<>(first.means());
        m.putAll(second.means());
        return m;
    }
}
