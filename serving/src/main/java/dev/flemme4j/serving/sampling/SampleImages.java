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
 * (2D samples of 1 or 3 channels only); the tensor record holds {@code samples} {@code (n, *sample_shape)}; point
 * clouds of latent diffusion come as one ASCII PLY per sample in a JSON array.
 */
final class SampleImages {
    private SampleImages() {
    }

    static boolean drawable(DiffusionSettings s) {
        return drawable(s.sampleShape());
    }

    static boolean drawable(List<Integer> shape) {
        return shape.size() == 3 && (shape.get(0) == 1 || shape.get(0) == 3);
    }

    static byte[] png(DiffusionSettings s, float[] x, int n) {
        return png(s.sampleShape(), s.clipRange(), x, n);
    }

    /** @param range the values mapped to black and white */
    static byte[] png(List<Integer> shape, List<Double> range, float[] x, int n) {
        int c = shape.get(0);
        int h = shape.get(1);
        int w = shape.get(2);
        double lo = range.get(0);
        double hi = range.get(1);
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

    /**
     * Point clouds {@code (n, points, dims)} as {@code {"format": "ply", "samples": ["ply\n...", ...]}}: one ASCII
     * PLY per sample, in request order.
     */
    static byte[] plyJson(List<Integer> shape, float[] x, int n) {
        int points = shape.get(0);
        int dims = shape.size() > 1 ? shape.get(1) : 1;
        int per = points * dims;
        io.vertx.core.json.JsonArray samples = new io.vertx.core.json.JsonArray();
        for (int i = 0; i < n; i++) {
            float[] v = java.util.Arrays.copyOfRange(x, i * per, (i + 1) * per);
            samples.add(dev.flemme4j.protocol.pointcloud.PlyWriter.ascii(new dev.flemme4j.protocol.pointcloud.PointCloud(v, points, dims)));
        }
        return new io.vertx.core.json.JsonObject().put("format", "ply").put("samples", samples).toBuffer().getBytes();
    }

    static TensorRecord tensor(DiffusionSettings s, float[] x, int n) {
        return tensor(s.sampleShape(), x, n);
    }

    static TensorRecord tensor(List<Integer> sampleShape, float[] x, int n) {
        long[] shape = new long[sampleShape.size() + 1];
        shape[0] = n;
        for (int i = 0; i < sampleShape.size(); i++) {
            shape[i + 1] = sampleShape.get(i);
        }
        return TensorRecord.of(NamedTensor.ofFloats("samples", shape, x));
    }
}
