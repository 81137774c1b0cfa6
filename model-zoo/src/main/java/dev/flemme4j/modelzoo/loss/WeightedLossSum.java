package dev.flemme4j.modelzoo.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import dev.flemme4j.modelzoo.block.conv.NearestResize;
import dev.flemme4j.modelzoo.config.loss.LossKind;
import dev.flemme4j.modelzoo.config.loss.LossReduction;
import dev.flemme4j.modelzoo.config.loss.LossSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training loss of a Flemme model: {@code Σ_i w_i · reduce_batch(L_i(predictions, target))}, each
 * {@code L_i} per sample. The target is the first array of the labels; the model's primary output is the first
 * prediction (VAE adds {@code mean, logvar}; hierarchical models add their maps). The weighted terms of the
 * last {@link #evaluate} call are kept as floats for logging, named as upstream's {@code get_loss_name}.
 */
public final class WeightedLossSum extends Loss {
    /** One named, weighted term: per-sample values {@code (B)} from the labels and the predictions. */
    private record Term(String label, float weight, TermFunction function) {
    }

    @FunctionalInterface
    private interface TermFunction {
        NDArray perSample(NDArray target, NDList predictions);
    }

    private final List<Term> terms;
    private final LossReduction reduction;
    private volatile Map<String, Float> lastTerms = Map.of();

    /** SeM / AE / ClM: every loss on the first prediction. */
    public WeightedLossSum(List<LossSpec> specs, LossReduction reduction) {
        this(primaryTerms(specs), reduction, true);
    }

    private WeightedLossSum(List<Term> terms, LossReduction reduction, boolean internal) {
        super("loss");
        this.reduction = reduction;
        Map<String, Integer> seen = new LinkedHashMap<>();
        this.terms = terms.stream().map(t -> {
            int n = seen.merge(t.label, 1, Integer::sum);
            return n == 1 ? t : new Term(t.label + "_" + n, t.weight, t.function);
        }).toList();
    }

    /**
     * SeM over point clouds: per-point predictions and targets are channels-last {@code (B, N, C)} as upstream's
     * ({@code channel_dim = -1}); the map losses (Dice, CE, ...) read their channel axis after a transpose to
     * {@code (B, C, N)}, the point-set losses (CD, DCD, EMD) take the clouds as they are.
     */
    public static WeightedLossSum channelsLast(List<LossSpec> specs, LossReduction reduction) {
        return new WeightedLossSum(specs.stream().map(s -> {
            SampleLoss loss = SampleLosses.create(s);
            boolean pointSet = s.kind() == LossKind.CHAMFER || s.kind() == LossKind.DENSITY_CHAMFER || s.kind() == LossKind.EMD;
            return new Term(s.label(), (float) s.weight(), (target, p) -> pointSet ? loss.perSample(p.get(0), target)
                    : loss.perSample(p.get(0).transpose(0, 2, 1), target.transpose(0, 2, 1)));
        }).toList(), reduction, true);
    }

    /** VAE: {@code [w·KL(mean, logvar), recon losses...]} with predictions {@code [recon, mean, logvar]}. */
    public static WeightedLossSum variational(LossSpec distribution, List<LossSpec> reconstruction, LossReduction reduction) {
        List<Term> terms = new ArrayList<>();
        terms.add(new Term(distribution.label(), (float) distribution.weight(),
                (target, p) -> KlDivergence.perSample(p.get(1), p.get(2))));
        terms.addAll(primaryTerms(reconstruction));
        return new WeightedLossSum(terms, reduction, true);
    }

    /**
     * HSeM / HAE: the losses on the final map (first prediction), then per loss the pyramid term
     * {@code mean_k L(h_k, nearest(target, size_k))} over the remaining predictions, named {@code hierarchical_<name>}.
     */
    public static WeightedLossSum hierarchical(List<LossSpec> specs, LossReduction reduction) {
        List<Term> terms = new ArrayList<>(primaryTerms(specs));
        for (LossSpec s : specs) {
            SampleLoss loss = SampleLosses.create(s);
            terms.add(new Term("hierarchical_" + s.label(), (float) s.weight(), (target, p) -> {
                NDArray sum = null;
                for (int k = 1; k < p.size(); k++) {
                    NDArray h = p.get(k);
                    long[] size = java.util.Arrays.copyOfRange(h.getShape().getShape(), 2, h.getShape().dimension());
                    NDArray v = loss.perSample(h, NearestResize.resize(target, size));
                    sum = sum == null ? v : sum.add(v);
                }
                return sum.div(p.size() - 1);
            }));
        }
        return new WeightedLossSum(terms, reduction, true);
    }

    private static List<Term> primaryTerms(List<LossSpec> specs) {
        return specs.stream().map(s -> {
            SampleLoss loss = SampleLosses.create(s);
            return new Term(s.label(), (float) s.weight(), (target, p) -> loss.perSample(p.get(0), target));
        }).toList();
    }

    /** The weighted, batch-reduced terms by label (e.g. {@code Dice}, {@code BCEL}), as scalar arrays. */
    public Map<String, NDArray> terms(NDList labels, NDList predictions) {
        NDArray target = labels.head();
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Term t : terms) {
            NDArray perSample = t.function.perSample(target, predictions);
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
