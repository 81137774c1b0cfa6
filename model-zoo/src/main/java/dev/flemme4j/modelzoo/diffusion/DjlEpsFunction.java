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
    private final boolean masks;

    public DjlEpsFunction(FlemmeModel model) {
        this.model = model;
        this.masks = model.spec() instanceof DiffusionModelSpec d && d.batchGuidable();
    }

    /** True for a guided model whose condition is only added (see {@link DiffusionModelSpec#batchGuidable()}). */
    @Override
    public boolean masksCondition() {
        return masks;
    }

    @Override
    public float[] applyMasked(float[] x, int n, float[] t, float[] c, float[] keep) {
        if (!masks) {
            EpsFunction.super.applyMasked(x, n, t, c, keep);
        }
        try (NDManager m = model.djlModel().getNDManager().newSubManager()) {
            NDList in = new NDList(m.create(x, model.inputShape(n)), m.create(t),
                    m.create(c, model.inputShape(dev.flemme4j.modelzoo.ModelSpec.CONDITION, n)));
            return model.predict(in, m.create(keep)).toFloatArray();
        }
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
