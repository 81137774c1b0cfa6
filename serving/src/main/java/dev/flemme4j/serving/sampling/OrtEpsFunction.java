package dev.flemme4j.serving.sampling;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.flemme4j.protocol.diffusion.DiffusionSettings;
import dev.flemme4j.protocol.diffusion.EpsFunction;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An exported eps-model evaluated by ONNX Runtime: inputs {@code input} {@code (n, *sample_shape)}, {@code t}
 * {@code (n)} and, for conditional calls, {@code c} {@code (n, *condition_shape)}; unconditional calls of a
 * conditional model go to the second session, the graph exported without {@code c}; masked calls (guidance's two
 * halves in one batch) to the third, the graph with the per-sample mask {@code c_keep} {@code (n)}.
 */
public final class OrtEpsFunction implements EpsFunction {
    private final OrtEnvironment env;
    private final OrtSession conditional;
    private final OrtSession unconditional;
    private final OrtSession masked;
    private final long[] sampleShape;
    private final long[] conditionShape;

    /**
     * @param session       the eps-model as exported (with {@code c} when conditional)
     * @param unconditional the graph without {@code c} (null for an unconditional model, or when not exported)
     */
    public OrtEpsFunction(OrtEnvironment env, OrtSession session, OrtSession unconditional, DiffusionSettings settings) {
        this(env, session, unconditional, null, settings);
    }

    /** @param masked the graph with {@code c_keep} (null when the model was not exported with it) */
    public OrtEpsFunction(OrtEnvironment env, OrtSession session, OrtSession unconditional, OrtSession masked,
            DiffusionSettings settings) {
        this.env = env;
        this.conditional = session;
        this.unconditional = settings.conditional() ? unconditional : session;
        this.masked = settings.conditional() ? masked : null;
        this.sampleShape = withBatch(settings.sampleShape());
        this.conditionShape = settings.conditional() ? withBatch(settings.conditionShape()) : null;
    }

    @Override
    public float[] apply(float[] x, int n, float[] t, float[] c) {
        OrtSession session = c == null ? unconditional : conditional;
        if (session == null) {
            throw new IllegalStateException("this model has no unconditional graph; sample it with a condition");
        }
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            feed.put("input", tensor(x, n, sampleShape));
            feed.put("t", OnnxTensor.createTensor(env, FloatBuffer.wrap(t), new long[] {n}));
            if (c != null) {
                feed.put("c", tensor(c, n, conditionShape));
            }
            return run(session, feed);
        } catch (OrtException e) {
            throw new IllegalStateException("eps-model evaluation failed: " + e.getMessage(), e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public boolean masksCondition() {
        return masked != null;
    }

    @Override
    public float[] applyMasked(float[] x, int n, float[] t, float[] c, float[] keep) {
        if (masked == null) {
            return EpsFunction.super.applyMasked(x, n, t, c, keep);
        }
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            feed.put("input", tensor(x, n, sampleShape));
            feed.put("t", OnnxTensor.createTensor(env, FloatBuffer.wrap(t), new long[] {n}));
            feed.put("c", tensor(c, n, conditionShape));
            feed.put("c_keep", OnnxTensor.createTensor(env, FloatBuffer.wrap(keep), new long[] {n}));
            return run(masked, feed);
        } catch (OrtException e) {
            throw new IllegalStateException("eps-model evaluation failed: " + e.getMessage(), e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    private static float[] run(OrtSession session, Map<String, OnnxTensor> feed) throws OrtException {
        try (OrtSession.Result r = session.run(feed)) {
            OnnxTensor out = (OnnxTensor) r.get(0);
            FloatBuffer fb = out.getFloatBuffer();
            float[] y = new float[fb.remaining()];
            fb.get(y);
            return y;
        }
    }

    private OnnxTensor tensor(float[] values, int n, long[] shape) throws OrtException {
        long[] s = shape.clone();
        s[0] = n;
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(values), s);
    }

    private static long[] withBatch(List<Integer> shape) {
        long[] s = new long[shape.size() + 1];
        for (int i = 0; i < shape.size(); i++) {
            s[i + 1] = shape.get(i);
        }
        return s;
    }
}
