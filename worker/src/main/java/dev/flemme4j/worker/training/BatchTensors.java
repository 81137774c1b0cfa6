package dev.flemme4j.worker.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.flemme4j.worker.data.Sample;
import java.nio.FloatBuffer;
import java.util.List;

/** Turns a batch of decoded samples into one NDArray with a leading batch axis. */
public final class BatchTensors {
    private BatchTensors() {
    }

    public static NDArray stack(NDManager scope, List<Sample> batch, boolean image) {
        long[] one = image ? batch.get(0).imageShape() : batch.get(0).labelShape();
        int per = 1;
        for (long d : one) {
            per *= (int) d;
        }
        float[] flat = new float[per * batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            float[] src = image ? batch.get(i).image() : batch.get(i).label();
            System.arraycopy(src, 0, flat, i * per, per);
        }
        long[] shape = new long[one.length + 1];
        shape[0] = batch.size();
        System.arraycopy(one, 0, shape, 1, one.length);
        return scope.create(FloatBuffer.wrap(flat), new Shape(shape));
    }

    /** The labels of {@code batch} one after another, as a flat array. */
    public static float[] flatLabels(List<Sample> batch) {
        int per = batch.get(0).label().length;
        float[] flat = new float[per * batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            System.arraycopy(batch.get(i).label(), 0, flat, i * per, per);
        }
        return flat;
    }
}
