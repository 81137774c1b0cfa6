package dev.flemme4j.modelzoo.block.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.onnx.OnnxAttribute;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's (shifted) window attention inside a Swin block, on {@code (B, C, *grid) → (B, C, *grid)}: cyclic
 * shift by {@code -shift}, partition into windows of {@code N = Π window} positions, multi-head attention per
 * window with a learned relative position bias ({@code ((Π(2w-1)), heads)} table, trunc-normal 0.02) and, when
 * shifted, the −100 mask between regions, then windows merged back and the shift undone. Projections as
 * {@code nn.Linear} ({@code qkv} with {@code qkv_bias}, {@code proj} with bias). Exported with Slice/Concat,
 * Reshape/Transpose, Gather (bias index) and a constant mask.
 */
public final class WindowAttention extends NetworkBlock {
    private final WindowGeometry geo;
    private final int channels;
    private final int heads;
    private final int dK;
    private final float scale;
    private final float attenDropout;
    private final float dropout;
    private final long[] relIndex;
    private final float[] mask;
    private final Parameter qkvWeight;
    private final Parameter qkvBias;
    private final Parameter projWeight;
    private final Parameter projBias;
    private final Parameter table;

    public WindowAttention(TransformerBlockSettings s, int channels, int heads, List<Integer> grid, List<Integer> window,
            int shift) {
        geo = new WindowGeometry(grid, window, shift);
        this.channels = channels;
        this.heads = heads;
        this.dK = Math.max(1, channels / heads);
        this.scale = (float) (s.qkScale() != 0 ? s.qkScale() : Math.pow(dK, -0.5));
        this.attenDropout = (float) s.attenDropout();
        this.dropout = (float) s.dropout();
        relIndex = geo.relativeIndex();
        mask = geo.shifted() ? geo.mask() : null;
        int inner = heads * dK;
        float b1 = (float) (1.0 / Math.sqrt(channels));
        float b2 = (float) (1.0 / Math.sqrt(inner));
        // the table first: upstream's module holds it directly and its projections in submodules
        table = addParameter(parameter("relative_position_bias_table", Parameter.Type.WEIGHT,
                new Shape(geo.tableSize(), heads), new NormalInitializer(0.02f), true));
        qkvWeight = addParameter(parameter("qkv_weight", Parameter.Type.WEIGHT, new Shape(3L * inner, channels), new UniformInitializer(b1), true));
        qkvBias = s.qkvBias()
                ? addParameter(parameter("qkv_bias", Parameter.Type.BIAS, new Shape(3L * inner), new UniformInitializer(b1), true))
                : null;
        projWeight = addParameter(parameter("proj_weight", Parameter.Type.WEIGHT, new Shape(channels, inner), new UniformInitializer(b2), true));
        projBias = addParameter(parameter("proj_bias", Parameter.Type.BIAS, new Shape(channels), new UniformInitializer(b2), true));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long batch = x.getShape().get(0);
        NDArray shifted = roll(x, geo.shift, true);
        NDArray win = shifted.reshape(new Shape(geo.splitShape(batch, channels))).transpose(geo.partitionPerm())
                .reshape(-1, geo.length, channels);
        int inner = heads * dK;
        NDArray qkv = win.matMul(stepScoped(ps.getValue(qkvWeight, x.getDevice(), training).transpose(), x));
        if (qkvBias != null) {
            qkv = qkv.add(ps.getValue(qkvBias, x.getDevice(), training));
        }
        qkv = qkv.reshape(-1, geo.length, 3, heads, dK).transpose(2, 0, 3, 1, 4);
        NDArray q = qkv.get(0);
        NDArray k = qkv.get(1);
        NDArray v = qkv.get(2);
        NDArray atten = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale).add(bias(ps, x, training));
        if (mask != null) {
            NDArray m = x.getManager().create(mask, new Shape(geo.windows, 1, geo.length, geo.length));
            atten = atten.reshape(-1, geo.windows, heads, geo.length, geo.length).add(m)
                    .reshape(-1, heads, geo.length, geo.length);
        }
        atten = atten.softmax(-1);
        if (attenDropout > 0) {
            atten = Dropout.dropout(atten, attenDropout, training).singletonOrThrow();
        }
        NDArray res = atten.matMul(v).transpose(0, 2, 1, 3).reshape(-1, geo.length, inner);
        res = res.matMul(stepScoped(ps.getValue(projWeight, x.getDevice(), training).transpose(), x))
                .add(ps.getValue(projBias, x.getDevice(), training));
        if (dropout > 0) {
            res = Dropout.dropout(res, dropout, training).singletonOrThrow();
        }
        NDArray merged = res.reshape(new Shape(geo.windowedShape(channels))).transpose(geo.reversePerm())
                .reshape(x.getShape());
        return new NDList(roll(merged, geo.shift, false));
    }

    /** The {@code (heads, N, N)} relative position bias gathered from the table. */
    private NDArray bias(ParameterStore ps, NDArray x, boolean training) {
        NDArray t = ps.getValue(table, x.getDevice(), training);
        long[] idx = new long[relIndex.length * heads];
        for (int i = 0; i < relIndex.length; i++) {
            for (int h = 0; h < heads; h++) {
                idx[i * heads + h] = relIndex[i];
            }
        }
        NDArray index = x.getManager().create(idx, new Shape(relIndex.length, heads));
        NDArray b = t.gather(index, 0);
        return stepScoped(b, x).reshape(geo.length, geo.length, heads).transpose(2, 0, 1);
    }

    /** {@code torch.roll} by {@code -shift} (forward) or {@code +shift} on the spatial axes, as two slices concatenated. */
    private NDArray roll(NDArray x, int[] shift, boolean forward) {
        for (int k = 0; k < geo.dims; k++) {
            if (shift[k] == 0) {
                continue;
            }
            int g = geo.grid[k];
            int cut = forward ? shift[k] : g - shift[k];
            String lead = ":,".repeat(2 + k);
            NDArray tail = x.get(new NDIndex(lead + cut + ":"));
            NDArray head = x.get(new NDIndex(lead + ":" + cut));
            x = tail.concat(head, 2 + k);
        }
        return x;
    }

    private String exportRoll(OnnxGraphBuilder g, String x, boolean forward) {
        for (int k = 0; k < geo.dims; k++) {
            if (geo.shift[k] == 0) {
                continue;
            }
            int len = geo.grid[k];
            int cut = forward ? geo.shift[k] : len - geo.shift[k];
            String axis = g.sharedInt64s("axes", 2 + k);
            String tail = g.node("Slice", List.of(x, g.sharedInt64s("starts", cut), g.sharedInt64s("ends", len), axis));
            String head = g.node("Slice", List.of(x, g.sharedInt64s("starts", 0), g.sharedInt64s("ends", cut), axis));
            x = g.node("Concat", List.of(tail, head), OnnxAttribute.intValue("axis", 2 + k));
        }
        return x;
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        String shifted = exportRoll(g, input, true);
        long[] split = geo.splitShape(0, channels);
        String win = g.node("Reshape", List.of(shifted, g.sharedInt64s("shape", split)));
        win = g.node("Transpose", List.of(win), OnnxAttribute.ints("perm", geo.partitionPerm()));
        win = g.node("Reshape", List.of(win, g.sharedInt64s("shape", -1, geo.length, channels)));
        int inner = heads * dK;
        String qkv = g.node("MatMul", List.of(win, g.transposedMatrix("wa.qkv.weightT", qkvWeight.getArray().toFloatArray(), 3 * inner, channels)));
        if (qkvBias != null) {
            qkv = g.node("Add", List.of(qkv, g.initializer("wa.qkv.bias", qkvBias.getArray())));
        }
        qkv = g.node("Reshape", List.of(qkv, g.sharedInt64s("shape", -1, geo.length, 3, heads, dK)));
        qkv = g.node("Transpose", List.of(qkv), OnnxAttribute.ints("perm", 2, 0, 3, 1, 4));
        String q = g.node("Gather", List.of(qkv, g.sharedInt64Scalar(0)), OnnxAttribute.intValue("axis", 0));
        String k = g.node("Gather", List.of(qkv, g.sharedInt64Scalar(1)), OnnxAttribute.intValue("axis", 0));
        String v = g.node("Gather", List.of(qkv, g.sharedInt64Scalar(2)), OnnxAttribute.intValue("axis", 0));
        String kt = g.node("Transpose", List.of(k), OnnxAttribute.ints("perm", 0, 1, 3, 2));
        String atten = g.node("Mul", List.of(g.node("MatMul", List.of(q, kt)), g.sharedScalar("scale", scale)));
        String gathered = g.node("Gather", List.of(g.initializer("wa.rel_table", table.getArray()),
                g.int64s("wa.rel_index", relIndex, relIndex.length)), OnnxAttribute.intValue("axis", 0));
        String bias = g.node("Reshape", List.of(gathered, g.sharedInt64s("shape", geo.length, geo.length, heads)));
        bias = g.node("Transpose", List.of(bias), OnnxAttribute.ints("perm", 2, 0, 1));
        atten = g.node("Add", List.of(atten, bias));
        if (mask != null) {
            atten = g.node("Reshape", List.of(atten, g.sharedInt64s("shape", -1, geo.windows, heads, geo.length, geo.length)));
            atten = g.node("Add", List.of(atten, g.floats("wa.mask", mask, geo.windows, 1, geo.length, geo.length)));
            atten = g.node("Reshape", List.of(atten, g.sharedInt64s("shape", -1, heads, geo.length, geo.length)));
        }
        atten = g.node("Softmax", List.of(atten), OnnxAttribute.intValue("axis", -1));
        String res = g.node("MatMul", List.of(atten, v));
        res = g.node("Transpose", List.of(res), OnnxAttribute.ints("perm", 0, 2, 1, 3));
        res = g.node("Reshape", List.of(res, g.sharedInt64s("shape", -1, geo.length, inner)));
        res = g.node("MatMul", List.of(res, g.transposedMatrix("wa.proj.weightT", projWeight.getArray().toFloatArray(), channels, inner)));
        res = g.node("Add", List.of(res, g.initializer("wa.proj.bias", projBias.getArray())));
        res = g.node("Reshape", List.of(res, g.sharedInt64s("shape", geo.windowedShape(channels))));
        res = g.node("Transpose", List.of(res), OnnxAttribute.ints("perm", geo.reversePerm()));
        long[] full = new long[2 + geo.dims];
        full[1] = channels;
        for (int i = 0; i < geo.dims; i++) {
            full[2 + i] = geo.grid[i];
        }
        res = g.node("Reshape", List.of(res, g.sharedInt64s("shape", full)));
        return exportRoll(g, res, false);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String description() {
        List<String> extra = new ArrayList<>();
        if (geo.shifted()) {
            extra.add("shift " + java.util.Arrays.toString(geo.shift));
        }
        if (qkvBias == null) {
            extra.add("no qkv bias");
        }
        return "WindowAttention(" + channels + ", heads=" + heads + ", d_k=" + dK + ", window "
                + java.util.Arrays.toString(geo.window) + (extra.isEmpty() ? "" : ", " + String.join(", ", extra)) + ")";
    }
}
