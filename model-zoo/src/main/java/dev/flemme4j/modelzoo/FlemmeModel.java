package dev.flemme4j.modelzoo;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.loss.WeightedLossSum;
import java.util.List;
import java.util.Map;

/**
 * A built Flemme model: a DJL {@link Model} (PyTorch engine) holding the initialised network, with the spec
 * it came from and its training loss. Closing it frees the parameters.
 */
public final class FlemmeModel implements AutoCloseable {
    private final ModelSpec spec;
    private final Model model;
    private final NetworkBlock network;
    private final WeightedLossSum loss;

    FlemmeModel(ModelSpec spec, Model model, NetworkBlock network, WeightedLossSum loss) {
        this.spec = spec;
        this.model = model;
        this.network = network;
        this.loss = loss;
    }

    public ModelSpec spec() {
        return spec;
    }

    /** The DJL model (for {@code newTrainer}, {@code save}, {@code load}). */
    public Model djlModel() {
        return model;
    }

    /** The network block; also exportable to ONNX. */
    public NetworkBlock block() {
        return network;
    }

    /** Channels-first input shape {@code (batch, in_channel, *image_size)}. */
    public Shape inputShape(int batch) {
        return new Shape(spec.inputShape(batch));
    }

    /** Shape of the primary output: {@code (batch, out_channel, *image_size)} for image outputs, {@code (batch, classes)} for ClM. */
    public Shape outputShape(int batch) {
        return new Shape(spec.outputShape(batch));
    }

    /** The architecture's YAML name, e.g. {@code SeM}. */
    public String architecture() {
        return spec.name();
    }

    /**
     * Output names in order; the first is the primary output (the ONNX export's only output): SeM/HSeM
     * {@code seg_logits}, AE/HAE/VAE {@code recon}, ClM {@code cls_logits}. Training-time extras follow (VAE
     * {@code mean, logvar}; HSeM/HAE one name for all hierarchical maps).
     */
    public List<String> outputNames() {
        return spec.outputNames();
    }

    /** Name of the primary output, {@code outputNames().get(0)}. */
    public String outputName() {
        return spec.outputNames().get(0);
    }

    /** What the primary output means: segment, classify or reconstruct. */
    public ModelTask task() {
        return spec.task();
    }

    /** What {@link #trainingLoss()} compares the prediction with: the label, or the input (unsupervised AE/HAE/VAE). */
    public LossTarget lossTarget() {
        return spec.lossTarget();
    }

    /**
     * The labels argument for {@code trainingLoss().evaluate(labels, predictions)}: {@code [y]}, or {@code [x]}
     * for models that reconstruct their input ({@code y} may then be null). Predictions are the network's full
     * output NDList ({@code trainer.forward}); every architecture trains through this one call.
     */
    public NDList lossLabels(NDArray input, NDArray label) {
        if (spec.lossTarget() == LossTarget.INPUT) {
            return new NDList(input);
        }
        if (label == null) {
            throw new IllegalArgumentException(spec.name() + " needs a label to compute its loss");
        }
        return new NDList(label);
    }

    /** Trainable parameters only (what PyTorch's {@code parameters()} counts; BatchNorm running stats excluded). */
    public long parameterCount() {
        long n = 0;
        for (Pair<String, Parameter> p : network.getParameters()) {
            if (p.getValue().requiresGradient()) {
                n += p.getValue().getShape().size();
            }
        }
        return n;
    }

    /** A readable structure tree with per-module trainable parameter counts. */
    public String summary() {
        return ModelSummary.of(spec.name(), network);
    }

    /**
     * The weighted sum of the configured losses; one instance per model, so its last terms can be logged.
     *
     * @throws UnsupportedOperationException for {@code Base}, which has no loss
     */
    public WeightedLossSum trainingLoss() {
        if (loss == null) {
            throw new UnsupportedOperationException(spec.name() + " has no loss and is not trainable on its own");
        }
        return loss;
    }

    /** Weighted loss terms of the last loss evaluation, by name (e.g. {@code Dice}, {@code BCEL}). */
    public Map<String, Float> lastLossTerms() {
        return trainingLoss().lastLossTerms();
    }

    /**
     * Inference forward pass returning the primary output (e.g. {@code (B, in, *S) → (B, out, *S)} logits;
     * BatchNorm uses running statistics; a VAE decodes its mean latent). The result belongs to the input's manager.
     */
    public NDArray predict(NDArray input) {
        return predict(new NDList(input));
    }

    /**
     * Inference on all network inputs in {@link #inputNames()} order ({@code input}, then {@code t} and/or
     * {@code c} when the model takes them); trailing ones may be left out, as upstream's {@code None}.
     */
    public NDArray predict(NDList inputs) {
        if (inputs.isEmpty() || inputs.size() > spec.inputNames().size()) {
            throw new IllegalArgumentException(spec.name() + " takes " + spec.inputNames() + ", got " + inputs.size() + " arrays");
        }
        ParameterStore ps = new ParameterStore(inputs.head().getManager(), false);
        return network.forward(ps, inputs, false).head();
    }

    /**
     * {@link #predict(NDList)} with a per-sample condition mask {@code keep} {@code (B,)} (1 keeps the condition
     * embedding, 0 zeroes it; see {@code BlockContext#CONDITION_KEEP}); {@code inputs} must include {@code c}.
     */
    public NDArray predict(NDList inputs, NDArray keep) {
        if (inputs.size() != spec.inputNames().size() || !spec.inputNames().contains(ModelSpec.CONDITION)) {
            throw new IllegalArgumentException(spec.name() + " masks its condition only with all of " + spec.inputNames()
                    + ", got " + inputs.size() + " arrays");
        }
        ParameterStore ps = new ParameterStore(inputs.head().getManager(), false);
        ai.djl.util.PairList<String, Object> params = new ai.djl.util.PairList<>();
        params.add(dev.flemme4j.modelzoo.block.BlockContext.CONDITION_KEEP, keep);
        return network.forward(ps, inputs, false, params).head();
    }

    /** Network input names in forward order: {@code input}, then {@code t} (Base with a time embedding) and {@code c} (conditional). */
    public List<String> inputNames() {
        return spec.inputNames();
    }

    /** Shape of the named input; see {@link ModelSpec#inputShape(String, int)}. */
    public Shape inputShape(String name, int batch) {
        return new Shape(spec.inputShape(name, batch));
    }

    @Override
    public void close() {
        model.close();
    }
}
