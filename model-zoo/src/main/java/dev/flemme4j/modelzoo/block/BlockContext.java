package dev.flemme4j.modelzoo.block;

import ai.djl.ndarray.NDArray;
import ai.djl.util.PairList;

/**
 * The time-step and condition embeddings that reach every building block, as upstream's {@code forward(x, t, c)}
 * keyword arguments. DJL threads {@code params} through every {@code forward} call unchanged, so a network puts
 * the embeddings there once and only {@link ContextInjection} reads them; blocks in between stay one-input.
 * The ONNX export binds the same keys with {@code OnnxGraphBuilder.bindContext}.
 */
public final class BlockContext {
    /** The embedded time step {@code (B, time_channel)}. */
    public static final String TIME = "flemme.t";
    /** The embedded condition for injection {@code (B, condition_channel)}. */
    public static final String CONDITION = "flemme.c";
    /** ONNX only: the graph input holding the raw time step {@code (B,)}. */
    public static final String TIME_STEP_INPUT = "flemme.input.t";
    /** ONNX only: the graph input holding the raw condition. */
    public static final String CONDITION_INPUT = "flemme.input.c";
    /**
     * A per-sample condition mask {@code (B,)}: 1 keeps the condition embedding, 0 zeroes it, which for an added
     * embedding is exactly upstream's {@code c = None}. It lets classifier-free guidance evaluate the conditional
     * and the unconditional halves in one batch. In DJL {@code params}; absent means keep every sample.
     */
    public static final String CONDITION_KEEP = "flemme.c_keep";
    /** ONNX only: the graph input holding the condition mask. */
    public static final String CONDITION_KEEP_INPUT = "flemme.input.c_keep";

    private BlockContext() {
    }

    /** A copy of {@code params} (may be null) with the two embeddings set; a null embedding is left out. */
    public static PairList<String, Object> with(PairList<String, Object> params, NDArray time, NDArray condition) {
        PairList<String, Object> out = new PairList<>();
        if (params != null) {
            for (int i = 0; i < params.size(); i++) {
                String k = params.keyAt(i);
                if (!TIME.equals(k) && !CONDITION.equals(k)) {
                    out.add(k, params.valueAt(i));
                }
            }
        }
        if (time != null) {
            out.add(TIME, time);
        }
        if (condition != null) {
            out.add(CONDITION, condition);
        }
        return out;
    }

    public static NDArray get(PairList<String, Object> params, String key) {
        return params == null ? null : (NDArray) params.get(key);
    }
}
