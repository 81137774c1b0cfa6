package dev.flemme4j.modelzoo.block.embedding;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.BlockContext;
import dev.flemme4j.modelzoo.block.ContextSettings;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.config.context.InjectionKind;
import dev.flemme4j.modelzoo.onnx.OnnxAttribute;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.List;

/**
 * Upstream ContextInjectionBlock on {@code (B, C, *L) → (B, C, *L)}: injects the time-step embedding and/or the
 * condition embedding found in the forward {@code params} ({@link BlockContext}). With {@code add_to_time} or
 * {@code cat_to_time} (and both embeddings configured) the condition is first added to / concatenated after the
 * time embedding and one time injection of the merged width runs. An embedding that is absent is skipped, as
 * upstream skips {@code None} (its SeM/AE never pass a time step).
 */
public final class ContextInjection extends NetworkBlock {
    private final ContextSettings settings;
    private final int rank;
    private final InjectionKind merge;
    private final ContextProjection time;
    private final ContextProjection condition;

    /** For feature maps with {@code dims} spatial axes ({@code 0} for vectors {@code (B, C)}). */
    public ContextInjection(ContextSettings s, int dims, int channels) {
        this.settings = s;
        this.rank = dims + 2;
        int timeChannel = s.timeChannel();
        int conditionChannel = s.conditionChannel();
        InjectionKind m = null;
        if (timeChannel > 0 && conditionChannel > 0 && s.conditionInjection().mergesIntoTime()) {
            m = s.conditionInjection();
            if (m == InjectionKind.CAT_TO_TIME) {
                timeChannel += conditionChannel;
            } else if (timeChannel != conditionChannel) {
                throw new IllegalArgumentException("add_to_time needs equal time and condition widths, got "
                        + timeChannel + " and " + conditionChannel);
            }
            conditionChannel = 0;
        }
        merge = m;
        time = timeChannel > 0 ? addChildBlock("time", new ContextProjection(s.timeInjection(), timeChannel, channels)) : null;
        condition = conditionChannel > 0
                ? addChildBlock("condition", new ContextProjection(s.conditionInjection(), conditionChannel, channels)) : null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray t = BlockContext.get(params, BlockContext.TIME);
        NDArray c = BlockContext.get(params, BlockContext.CONDITION);
        if (merge != null) {
            t = merged(t, c);
            c = null;
        }
        if (settings.conditionFirst()) {
            x = inject(condition, ps, x, c, training, params);
            x = inject(time, ps, x, t, training, params);
        } else {
            x = inject(time, ps, x, t, training, params);
            x = inject(condition, ps, x, c, training, params);
        }
        return new NDList(x);
    }

    private NDArray merged(NDArray t, NDArray c) {
        if (t == null || c == null) {
            if (merge == InjectionKind.CAT_TO_TIME && (t != null || c != null)) {
                // upstream would feed a too-narrow vector into the widened projection and fail
                throw new IllegalArgumentException("cat_to_time needs both the time step and the condition in every block");
            }
            return t == null ? c : t;
        }
        return merge == InjectionKind.ADD_TO_TIME ? t.add(c) : t.concat(c, 1);
    }

    private static NDArray inject(ContextProjection p, ParameterStore ps, NDArray x, NDArray e, boolean training,
            PairList<String, Object> params) {
        return p == null || e == null ? x : p.apply(ps, x, e, training, params);
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        String t = g.context(BlockContext.TIME);
        String c = g.context(BlockContext.CONDITION);
        if (merge != null) {
            if (t != null && c != null) {
                t = merge == InjectionKind.ADD_TO_TIME ? g.node("Add", List.of(t, c))
                        : g.node("Concat", List.of(t, c), OnnxAttribute.intValue("axis", 1));
            } else if (merge == InjectionKind.CAT_TO_TIME && (t != null || c != null)) {
                throw new IllegalStateException("cat_to_time needs both the time step and the condition in every block");
            } else if (t == null) {
                t = c;
            }
            c = null;
        }
        String x = input;
        if (settings.conditionFirst()) {
            x = exportOne(g, condition, x, c, rank);
            x = exportOne(g, time, x, t, rank);
        } else {
            x = exportOne(g, time, x, t, rank);
            x = exportOne(g, condition, x, c, rank);
        }
        return x;
    }

    private static String exportOne(OnnxGraphBuilder g, ContextProjection p, String x, String e, int rank) {
        return p == null || e == null ? x : p.exportOnnx(g, x, e, rank);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (var child : children) {
            child.getValue().initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String description() {
        return "ContextInjection(t " + settings.timeChannel() + " " + settings.timeInjection().name().toLowerCase()
                + ", c " + settings.conditionChannel() + " " + settings.conditionInjection().name().toLowerCase() + ")";
    }
}
