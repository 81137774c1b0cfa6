package dev.flemme4j.worker.evaluation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flemme's classification ACC: a sample is right when the arg-max of its class logits equals the arg-max of its
 * one-hot target (ties go to the first class, as numpy's argmax); ACC is the fraction of right samples.
 */
public final class ClassificationScores implements ValidationScores {
    private long correct;
    private long samples;

    @Override
    public void add(float[] logits, int offset, float[] target, int targetOffset, int length) {
        if (argmax(logits, offset, length) == argmax(target, targetOffset, length)) {
            correct++;
        }
        samples++;
    }

    static int argmax(float[] v, int offset, int length) {
        int best = 0;
        for (int i = 1; i < length; i++) {
            if (v[offset + i] > v[offset + best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public Map<String, Double> means() {
        Map<String, Double> m = new LinkedHashMap<>();
        if (samples > 0) {
            m.put("ACC", (double) correct / samples);
        }
        return m;
    }
}
