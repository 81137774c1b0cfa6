package dev.flemme4j.modelzoo.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import dev.flemme4j.modelzoo.config.LossReduction;
import dev.flemme4j.modelzoo.config.LossSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training loss of a Flemme model: {@code Σ_i w_i · reduce_batch(L_i(pred, target))}, each {@code L_i}
 * per sample. Labels and predictions are the first arrays of their NDLists. The weighted terms of the last
 * {@link #evaluate} call are kept as floats for logging.
 */
public final class WeightedLossSum extends Loss {
    private record Term(String label, float weight, SampleLoss loss) {
    }

    private final List<Term> terms;
    private final LossReduction reduction;
    private volatile Map<String, Float> lastTerms = Map.of();

    public WeightedLossSum(List<LossSpec> specs, LossReduction reduction) {
        super("loss");
        this.reduction = reduction;
        Map<String, Integer> seen = new LinkedHashMap<>();
        this.terms = specs.stream().map(s -> {
            int n = seen.merge(s.label(), 1, Integer::sum);
            String label = n == 1 ? s.label() : s.label() + "_" + n;
            return new Term(label, (float) s.weight(), create(s));
        }).toList();
    }

    private static SampleLoss create(LossSpec s) {
        return switch (s.kind()) {
            case DICE -> new DiceLoss(s.diceNormalization());
            case BCE_WITH_LOGITS -> new BceWithLogitsLoss();
            case CROSS_ENTROPY -> new SoftCrossEntropyLoss();
        };
    }

    /** The weighted, batch-reduced terms by label (e.g. {@code Dice}, {@code BCEL}), as scalar arrays. */
    public Map<String, NDArray> terms(NDList labels, NDList predictions) {
        NDArray target = labels.head();
        NDArray logits = predictions.head();
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Term t : terms) {
            NDArray perSample = t.loss.perSample(logits, target);
            NDArray reduced = reduction == LossReduction.MEAN ? perSample.mean() : perSample.sum();
            out.put(t.label, reduced.mul(t.weight));
        }
        return out;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        Map<String, NDArray> parts = terms(labels, predictions);
        NDArray total = null;
        Map<String, Float> values = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : parts.entrySet()) {
            values.put(e.getKey(), e.getValue().getFloat());
            total = total == null ? e.getValue() : total.add(e.getValue());
        }
        lastTerms = Collections.unmodifiableMap(values);
        return total;
    }

    /** Weighted terms of the most recent {@link #evaluate} call, by label. */
    public Map<String, Float> lastLossTerms() {
        return lastTerms;
    }

    /** Term labels in order. */
    public List<String> termNames() {
        return terms.stream().map(Term::label).toList();
    }
}
