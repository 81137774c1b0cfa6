package dev.flemme4j.serving.sampling;

import dev.flemme4j.protocol.diffusion.DiffusionSettings;
import dev.flemme4j.protocol.image.FloatImage;
import dev.flemme4j.protocol.image.ImageGrid;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecord;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples as pictures or tensors: a PNG grid maps the model's {@code clip_range} (default [-1, 1]) to black..white
 * (2D samples of 1 or 3 channels only); the tensor record holds {@code samples} {@code (n, *sample_shape)}.
 */
final class SampleImages {
    private SampleImages() {
    }

    static boolean drawable(DiffusionSettings s) {
        return s.sampleShape().size() == 3 && (s.sampleShape().get(0) == 1 || s.sampleShape().get(0) == 3);
    }

    static byte[] png(DiffusionSettings s, float[] x, int n) {
        int c = s.sampleShape().get(0);
        int h = s.sampleShape().get(1);
        int w = s.sampleShape().get(2);
        double lo = s.clipRange().get(0);
        double hi = s.clipRange().get(1);
        int per = c * h * w;
        List<BufferedImage> images = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] px = new float[per];
            for (int j = 0; j < per; j++) {
                px[j] = (float) ((x[i * per + j] - lo) / (hi - lo));
            }
            images.add(new FloatImage(c, h, w, px).toBufferedImage());
        }
        return ImageGrid.tilePng(images, (int) Math.ceil(Math.sqrt(n)), 2);
    }

    static TensorRecord tensor(DiffusionSettings s, float[] x, int n) {
        long[] shape = new long[s.sampleShape().size() + 1];
        shape[0] = n;
        for (int i = 0; i < s.sampleShape().size(); i++) {
            shape[i + 1] = s.sampleShape().get(i);
        }
        return TensorRecord.of(NamedTensor.ofFloats("samples", shape, x));
    }
}
