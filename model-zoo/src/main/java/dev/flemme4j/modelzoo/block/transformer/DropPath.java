package dev.flemme4j.modelzoo.block.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.InferenceIdentity;

/**
 * Stochastic depth (upstream {@code DropPath}): while training, each sample's residual branch is zeroed with
 * probability {@code p} and the kept ones scaled by {@code 1/(1-p)}; the identity at inference and in ONNX.
 */
public final class DropPath extends InferenceIdentity {
    private final float p;

    public DropPath(double p) {
        this.p = dropProbability(p, "drop_path");
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (!training || p == 0) {
            return new NDList(x);
        }
        long[] s = new long[x.getShape().dimension()];
        java.util.Arrays.fill(s, 1);
        s[0] = x.getShape().get(0);
        NDArray keep = x.getManager().randomUniform(0f, 1f, new Shape(s)).gte(p).toType(x.getDataType(), false);
        return new NDList(x.mul(keep.div(1 - p)));
    }

    @Override
    public String description() {
        return "DropPath(" + p + ")";
    }
}
