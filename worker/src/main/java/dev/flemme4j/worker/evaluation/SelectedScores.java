package dev.flemme4j.worker.evaluation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reports only the named metrics of another {@link ValidationScores}, in the order named. */
final class SelectedScores implements ValidationScores {
    private final ValidationScores all;
    private final List<String> names;

    SelectedScores(ValidationScores all, List<String> names) {
        this.all = all;
        this.names = names;
    }

    @Override
    public void add(float[] pred, int offset, float[] target, int targetOffset, int length) {
        all.add(pred, offset, target, targetOffset, length);
    }

    @Override
    public Map<String, Double> means() {
        Map<String, Double> m = all.means();
        Map<String, Double> out = new LinkedHashMap<>();
        for (String name : names) {
            // Flemme computes F1 with its Dice class
            Double v = m.get(name.equals("F1") ? "Dice" : name);
            if (v != null) {
                out.put(name, v);
            }
        }
        return out;
    }
}
