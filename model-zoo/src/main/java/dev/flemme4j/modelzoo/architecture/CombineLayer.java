package dev.flemme4j.modelzoo.architecture;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.block.conv.Convolution;
import dev.flemme4j.modelzoo.block.conv.NearestResize;
import dev.flemme4j.modelzoo.onnx.OnnxAttribute;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's CombineLayer (without {@code apply_fft}): n maps {@code (B, c, *s_i)} are resized (nearest) to the
 * target size, each gets a learned position parameter {@code (1, c, *S)} (normal, std 0.02) added, then they
 * are concatenated (or summed) and a 1×1 conv with bias maps to {@code out} channels: {@code → (B, out, *S)}.
 */
final class CombineLayer extends NetworkBlock {
    private final int inputs;
    private final int channels;
    private final long[] target;
    private final boolean concatenate;
    private final List<Parameter> positions = new ArrayList<>();
    private final Convolution finalConv;

    CombineLayer(int inputs, int channels, int out, List<Integer> targetSize, boolean concatenate) {
        this.inputs = inputs;
        this.channels = channels;
        this.concatenate = concatenate;
        this.target = targetSize.stream().mapToLong(Integer::longValue).toArray();
        long[] shape = new long[2 + target.length];
        shape[0] = 1;
        shape[1] = channels;
        System.arraycopy(target, 0, shape, 2, target.length);
        for (int i = 0; i < inputs; i++) {
            positions.add(addParameter(parameter("pos_emb" + i, Parameter.Type.WEIGHT, new Shape(shape),
                    new NormalInitializer(0.02f), true)));
        }
        finalConv = addChildBlock("final_conv", new Convolution(target.length,
                concatenate ? inputs * channels : channels, out, 1, 1, 0, 1, true));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList maps, boolean training, PairList<String, Object> params) {
        NDArray combined = null;
        for (int i = 0; i < inputs; i++) {
            NDArray x = NearestResize.resize(maps.get(i), target)
                    .add(ps.getValue(positions.get(i), maps.get(i).getDevice(), training));
            combined = combined == null ? x : concatenate ? combined.concat(x, 1) : combined.add(x);
        }
        return finalConv.forward(ps, new NDList(combined), training, params);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long[] s = new long[2 + target.length];
        s[0] = inputShapes[0].get(0);
        s[1] = concatenate ? (long) inputs * channels : channels;
        System.arraycopy(target, 0, s, 2, target.length);
        finalConv.initialize(manager, dataType, new Shape(s));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long[] s = new long[2 + target.length];
        s[0] = inputShapes[0].get(0);
        s[1] = finalConv.getOutputShapes(new Shape[] {new Shape(1, concatenate ? (long) inputs * channels : channels, 1)})[0].get(1);
        System.arraycopy(target, 0, s, 2, target.length);
        return new Shape[] {new Shape(s)};
    }

    /** The maps' names and their spatial sizes (to compute integer up-scaling factors). */
    String exportOnnx(OnnxGraphBuilder g, List<String> maps, List<long[]> sizes) {
        List<String> resized = new ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            String x = NearestResize.export(g, maps.get(i), sizes.get(i), target);
            resized.add(g.node("Add", List.of(x, g.initializer("combine.pos_emb", positions.get(i).getArray()))));
        }
        String combined;
        if (concatenate) {
            combined = g.node("Concat", resized, OnnxAttribute.intValue("axis", 1));
        } else {
            combined = resized.get(0);
            for (int i = 1; i < resized.size(); i++) {
                combined = g.node("Add", List.of(combined, resized.get(i)));
            }
        }
        return finalConv.exportOnnx(g, combined);
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        throw new UnsupportedOperationException("CombineLayer takes several inputs");
    }

    @Override
    public String description() {
        return "CombineLayer(" + inputs + " × " + channels + " → " + (concatenate ? "cat" : "add") + ", size "
                + java.util.Arrays.toString(target) + ")";
    }
}
