package dev.flemme4j.modelzoo.block.embedding;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.Dense;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.config.context.InjectionKind;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.List;

/**
 * One context injection (upstream GateBiasBlock, GateBlock, BiasBlock) on a feature map {@code x: (B, C, *L)}
 * and an embedding {@code e: (B, E)}: {@code x·(1 + gate(e)) + bias(e)}, where {@code gate = Linear(E, C)} and
 * {@code bias = Linear(E, C, no bias)}; {@code gate} alone or {@code bias} alone for those kinds. The per-channel
 * terms are broadcast over {@code *L}. Not a stand-alone block: {@link ContextInjection} calls {@link #apply}.
 */
final class ContextProjection extends NetworkBlock {
    private final InjectionKind kind;
    private final int contextChannel;
    private final int channels;
    private final Dense gate;
    private final Dense bias;

    ContextProjection(InjectionKind kind, int contextChannel, int channels) {
        if (kind.mergesIntoTime()) {
            throw new IllegalArgumentException(kind + " folds into the time injection and has no projection of its own");
        }
        this.kind = kind;
        this.contextChannel = contextChannel;
        this.channels = channels;
        gate = kind.gates() ? addChildBlock("hyper_gate", new Dense(contextChannel, channels, true)) : null;
        bias = kind.biases() ? addChildBlock("hyper_bias", new Dense(contextChannel, channels, false)) : null;
    }

    NDArray apply(ParameterStore ps, NDArray x, NDArray e, boolean training, PairList<String, Object> params) {
        Shape perChannel = perChannelShape(e.getShape().get(0), x.getShape().dimension());
        if (gate != null) {
            NDArray g = run(gate, ps, e, training, params).reshape(perChannel);
            x = x.mul(g.add(1f));
        }
        if (bias != null) {
            x = x.add(run(bias, ps, e, training, params).reshape(perChannel));
        }
        return x;
    }

    String exportOnnx(OnnxGraphBuilder g, String x, String e, int rank) {
        long[] perChannel = new long[rank];
        java.util.Arrays.fill(perChannel, 1);
        perChannel[0] = 0; // ONNX Reshape: 0 keeps the (symbolic) batch size
        perChannel[1] = -1;
        String shape = g.sharedInt64s("per_channel_shape", perChannel);
        if (gate != null) {
            String ge = g.node("Reshape", List.of(gate.exportOnnx(g, e), shape));
            x = g.node("Mul", List.of(x, g.node("Add", List.of(ge, g.sharedScalar("one", 1f)))));
        }
        if (bias != null) {
            x = g.node("Add", List.of(x, g.node("Reshape", List.of(bias.exportOnnx(g, e), shape))));
        }
        return x;
    }

    private Shape perChannelShape(long batch, int rank) {
        long[] s = new long[rank];
        java.util.Arrays.fill(s, 1);
        s[0] = batch;
        s[1] = channels;
        return new Shape(s);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (var child : children) {
            child.getValue().initialize(manager, dataType, new Shape(1, contextChannel));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.get(0), inputs.get(1), training, params));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        throw new UnsupportedOperationException("exported through ContextInjection, which knows the context value");
    }

    @Override
    public String description() {
        return "ContextProjection(" + kind.name().toLowerCase() + ", " + contextChannel + "→" + channels + ")";
    }
}
