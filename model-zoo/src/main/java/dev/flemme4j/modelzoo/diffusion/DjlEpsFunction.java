package dev.flemme4j.modelzoo.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.flemme4j.modelzoo.FlemmeModel;
import dev.flemme4j.protocol.diffusion.EpsFunction;

/**
 * A built eps-model evaluated eagerly by DJL (inference mode), for the shared samplers. Every call works in its
 * own sub-manager, so a long sampling run does not grow memory.
 */
public final class DjlEpsFunction implements EpsFunction {
    private final FlemmeModel model;

    public DjlEpsFunction(FlemmeModel model) {
        this.model = model;
    }

    @Override
    public float[] apply(float[] x, int n, float[] t, float[] c) {
        try (NDManager m = model.djlModel().getNDManager().newSubManager()) {
            NDArray xs = m.create(x, model.inputShape(n));
            NDList in = new NDList(xs, m.create(t));
            if (c != null) {
                Shape cs = model.inputShape(dev.flemme4j.modelzoo.ModelSpec.CONDITION, n);
                in.add(m.create(c, cs));
            }
            return model.predict(in).toFloatArray();
        }
    }
}
