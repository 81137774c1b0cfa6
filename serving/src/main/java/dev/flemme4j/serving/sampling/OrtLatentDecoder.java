package dev.flemme4j.serving.sampling;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.flemme4j.protocol.diffusion.LatentDecoder;
import java.nio.FloatBuffer;
import java.util.Map;

/** A latent diffusion model's decoder graph in ORT: the sampled latents {@code (n, *latent)} to data. */
final class OrtLatentDecoder {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final LatentDecoder spec;

    OrtLatentDecoder(OrtEnvironment env, OrtSession session, LatentDecoder spec) {
        this.env = env;
        this.session = session;
        this.spec = spec;
    }

    LatentDecoder spec() {
        return spec;
    }

    /** Decodes {@code n} latents (row-major, {@code n × latent}) to {@code n × output} floats. */
    float[] decode(float[] z, int n) {
        long[] shape = new long[spec.latentShape().size() + 1];
        shape[0] = n;
        for (int i = 0; i < spec.latentShape().size(); i++) {
            shape[i + 1] = spec.latentShape().get(i);
        }
        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(z), shape);
                OrtSession.Result r = session.run(Map.of("z", in))) {
            FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] y = new float[fb.remaining()];
            fb.get(y);
            return y;
        } catch (OrtException e) {
            throw new IllegalStateException("decoding the latents failed: " + e.getMessage(), e);
        }
    }
}
