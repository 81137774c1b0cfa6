package dev.flemme4j.serving.task;

import dev.flemme4j.protocol.image.FloatImage;
import dev.flemme4j.protocol.model.ModelManifest;
import dev.flemme4j.protocol.model.Preprocessing;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.serving.api.ApiException;
import dev.flemme4j.serving.api.ErrorReason;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * One reconstructed sample (C, H, W) back to a picture: the model reconstructs its input as the training data
 * looked after preprocessing, so undo Normalize ({@code x·std + mean}), divide by the data range ToTensor
 * produced ({@code 255·scale}, i.e. [0, 1] for 8-bit images) and clamp to it. One channel gives a gray PNG,
 * three an RGB one; without preprocessing in the manifest the output is taken to be in [0, 1].
 */
public final class ReconstructionImage {

    private final ModelManifest manifest;

    public ReconstructionImage(ModelManifest manifest) {
        this.manifest = manifest;
    }

    public BufferedImage render(NamedTensor recon, int sample) {
        long[] s = recon.shape();
        if (s.length != 4 || (s[1] != 1 && s[1] != 3)) {
            throw new ApiException(400, ErrorReason.WRONG_TASK, "Content-Type", "model " + manifest.name() + " reconstructs "
                    + Arrays.toString(s) + "; a PNG holds a 2D gray or RGB image, ask for application/x-flemme-tensor instead");
        }
        int c = (int) s[1], h = (int) s[2], w = (int) s[3], size = c * h * w;
        float[] x = Arrays.copyOfRange(recon.toFloatArray(), sample * size, (sample + 1) * size);
        Preprocessing pre = manifest.preprocessing();
        Preprocessing.Normalize norm = pre == null ? null : pre.normalize();
        if (norm != null && norm.mean().size() != 1 && norm.mean().size() != c) {
            throw new IllegalStateException("model " + manifest.name() + " normalizes " + norm.mean().size()
                    + " channels but reconstructs " + c + "; cannot undo its Normalize");
        }
        float range = pre == null ? 1f : (float) (255 * pre.scale());
        int plane = h * w;
        for (int ch = 0; ch < c; ch++) {
            float mean = norm == null ? 0f : (float) norm.mean(ch);
            float std = norm == null ? 1f : (float) norm.std(ch);
            for (int i = ch * plane, end = i + plane; i < end; i++) {
                x[i] = (x[i] * std + mean) / range;
            }
        }
        return new FloatImage(c, h, w, x).toBufferedImage();
    }
}
