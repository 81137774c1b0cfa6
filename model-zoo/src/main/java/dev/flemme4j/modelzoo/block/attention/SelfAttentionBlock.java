package dev.flemme4j.modelzoo.block.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.config.encoder.AttentionSettings;
import dev.flemme4j.modelzoo.onnx.OnnxAttribute;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Flemme's {@code SelfAttentionBlock} with {@code channel_dim = 1} on {@code (B, C, *L) → (B, C, *L)} (any
 * rank ≥ 3): the positions {@code *L} form the sequence, {@code qkv = Linear(C, 3·H·d_k, qkv_bias)},
 * {@code softmax(q kᵀ · scale) v} per head, {@code proj = Linear(H·d_k, C)}, dropout, and (with skip) the input
 * added back. Parameter shapes and initialisation follow PyTorch {@code nn.Linear}.
 */
public final class SelfAttentionBlock extends NetworkBlock {
    private final int channels;
    private final int rank;
    private final int heads;
    private final int dK;
    private final float scale;
    private final float attenDropout;
    private final float dropout;
    private final boolean skip;
    private final Parameter qkvWeight;
    private final Parameter qkvBias;
    private final Parameter projWeight;
    private final Parameter projBias;

    /** @param rank number of axes of the input, e.g. 4 for {@code (B, C, H, W)} */
    public SelfAttentionBlock(int channels, int rank, AttentionSettings s, boolean skip) {
        this.channels = channels;
        this.rank = rank;
        this.heads = s.numHeads();
        this.dK = s.headWidth(channels);
        this.scale = (float) s.scale(channels);
        this.attenDropout = (float) s.attenDropout();
        this.dropout = (float) s.dropout();
        this.skip = skip;
        int inner = heads * dK;
        float b1 = (float) (1.0 / Math.sqrt(channels));
        float b2 = (float) (1.0 / Math.sqrt(inner));
        qkvWeight = addParameter(parameter("qkv_weight", Parameter.Type.WEIGHT, new Shape(3L * inner, channels), new UniformInitializer(b1), true));
        qkvBias = s.qkvBias()
                ? addParameter(parameter("qkv_bias", Parameter.Type.BIAS, new Shape(3L * inner), new UniformInitializer(b1), true))
                : null;
        projWeight = addParameter(parameter("proj_weight", Parameter.Type.WEIGHT, new Shape(channels, inner), new UniformInitializer(b2), true));
        projBias = addParameter(parameter("proj_bias", Parameter.Type.BIAS, new Shape(channels), new UniformInitializer(b2), true));
    }

    /** Permutation moving axis 1 (channels) last for a tensor of {@code rank} axes. */
    static int[] channelsLast(int rank) {
        int[] p = new int[rank];
        p[0] = 0;
        for (int i = 1; i < rank - 1; i++) {
            p[i] = i + 1;
        }
        p[rank - 1] = 1;
        return p;
    }

    /** Inverse of {@link #channelsLast}. */
    static int[] channelsFirst(int rank) {
        int[] p = new int[rank];
        p[0] = 0;
        p[1] = rank - 1;
        for (int i = 2; i < rank; i++) {
            p[i] = i - 1;
        }
        return p;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        int rank = x.getShape().dimension();
        long batch = x.getShape().get(0);
        NDArray xt = x.transpose(channelsLast(rank));
        Shape tShape = xt.getShape();
        NDArray seq = xt.reshape(batch, -1, channels);
        NDArray wq = ps.getValue(qkvWeight, x.getDevice(), training);
        NDArray qkv = seq.matMul(stepScoped(wq.transpose(), x));
        if (qkvBias != null) {
            qkv = qkv.add(ps.getValue(qkvBias, x.getDevice(), training));
        }
        qkv = qkv.reshape(batch, -1, 3, heads, dK).transpose(2, 0, 3, 1, 4);
        NDArray q = qkv.get(0);
        NDArray k = qkv.get(1);
        NDArray v = qkv.get(2);
        NDArray atten = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale).softmax(-1);
        if (attenDropout > 0) {
            atten = Dropout.dropout(atten, attenDropout, training).singletonOrThrow();
        }
        NDArray res = atten.matMul(v).transpose(0, 2, 1, 3).reshape(batch, -1, (long) heads * dK);
        NDArray wp = ps.getValue(projWeight, x.getDevice(), training);
        res = res.matMul(stepScoped(wp.transpose(), x)).add(ps.getValue(projBias, x.getDevice(), training));
        if (dropout > 0) {
            res = Dropout.dropout(res, dropout, training).singletonOrThrow();
        }
        if (skip) {
            res = res.add(seq);
        }
        return new NDList(res.reshape(tShape).transpose(channelsFirst(rank)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /** Exports for an input of {@code rank} axes. */
    public String exportOnnx(OnnxGraphBuilder g, String input, int rank) {
        String xt = g.node("Transpose", List.of(input), OnnxAttribute.ints("perm", channelsLast(rank)));
        String tShape = g.node("Shape", List.of(xt));
        String seq = g.node("Reshape", List.of(xt, g.sharedInt64s("shape", 0, -1, channels)));
        int inner = heads * dK;
        String qkv = g.node("MatMul", List.of(seq, g.transposedMatrix("atten.qkv.weightT", qkvWeight.getArray().toFloatArray(), 3 * inner, channels)));
        if (qkvBias != null) {
            qkv = g.node("Add", List.of(qkv, g.initializer("atten.qkv.bias", qkvBias.getArray())));
        }
        qkv = g.node("Reshape", List.of(qkv, g.sharedInt64s("shape", 0, -1, 3, heads, dK)));
        qkv = g.node("Transpose", List.of(qkv), OnnxAttribute.ints("perm", 2, 0, 3, 1, 4));
        String q = g.node("Gather", List.of(qkv, g.sharedInt64Scalar(0)), OnnxAttribute.intValue("axis", 0));
        String k = g.node("Gather", List.of(qkv, g.sharedInt64Scalar(1)), OnnxAttribute.intValue("axis", 0));
        String v = g.node("Gather", List.of(qkv, g.sharedInt64Scalar(2)), OnnxAttribute.intValue("axis", 0));
        String kt = g.node("Transpose", List.of(k), OnnxAttribute.ints("perm", 0, 1, 3, 2));
        String logits = g.node("Mul", List.of(g.node("MatMul", List.of(q, kt)), g.sharedScalar("scale", scale)));
        String atten = g.node("Softmax", List.of(logits), OnnxAttribute.intValue("axis", -1));
        String res = g.node("MatMul", List.of(atten, v));
        res = g.node("Transpose", List.of(res), OnnxAttribute.ints("perm", 0, 2, 1, 3));
        res = g.node("Reshape", List.of(res, g.sharedInt64s("shape", 0, -1, inner)));
        res = g.node("MatMul", List.of(res, g.transposedMatrix("atten.proj.weightT", projWeight.getArray().toFloatArray(), channels, inner)));
        res = g.node("Add", List.of(res, g.initializer("atten.proj.bias", projBias.getArray())));
        if (skip) {
            res = g.node("Add", List.of(res, seq));
        }
        res = g.node("Reshape", List.of(res, tShape));
        return g.node("Transpose", List.of(res), OnnxAttribute.ints("perm", channelsFirst(rank)));
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        return exportOnnx(g, input, rank);
    }

    @Override
    public String description() {
        List<String> extra = new ArrayList<>();
        if (!skip) {
            extra.add("no skip");
        }
        if (qkvBias == null) {
            extra.add("no qkv bias");
        }
        return "SelfAttention(" + channels + ", heads=" + heads + ", d_k=" + dK + (extra.isEmpty() ? "" : ", " + String.join(", ", extra)) + ")";
    }
}
