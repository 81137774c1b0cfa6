package dev.flemme4j.worker.evaluation;

import dev.flemme4j.modelzoo.loss.pointcloud.PointCloudMetrics;
import dev.flemme4j.modelzoo.loss.pointcloud.PointCloudMetrics.Direction;
import dev.flemme4j.modelzoo.loss.pointcloud.PointCloudMetrics.Metric;
import dev.flemme4j.protocol.spec.TrainJobSpec.ChamferOptions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flemme's point-cloud reconstruction metrics per sample, averaged over samples: CD (reported as both {@code CD}
 * and {@code Chamfer}, upstream's two names) and EMD, see {@link PointCloudMetrics}. A sample arrives channels
 * first, {@code (C, N)}, as the validation pass hands point clouds over; the reconstruction is upstream's x, the
 * target its y. EMD is only computed when asked for: its exact matching costs O(N³) per sample.
 */
final class PointCloudScores implements ValidationScores {
    private final int channels;
    private final int points;
    private final Metric metric;
    private final Direction direction;
    private final boolean chamfer;
    private final boolean emd;
    private double cdSum;
    private double emdSum;
    private long samples;

    /**
     * @param sampleShape {@code (C, N)}
     * @throws IllegalArgumentException when the shape is not a point cloud's
     */
    PointCloudScores(long[] sampleShape, ChamferOptions options, boolean chamfer, boolean emd) {
        if (sampleShape.length != 2) {
            throw new IllegalArgumentException("CD, Chamfer and EMD need a point-cloud model, whose output is one cloud"
                    + " of (points, channels) per sample; this model's sample is " + java.util.Arrays.toString(sampleShape));
        }
        this.channels = Math.toIntExact(sampleShape[0]);
        this.points = Math.toIntExact(sampleShape[1]);
        this.metric = options.metric().equals("l1") ? Metric.L1 : Metric.L2;
        this.direction = switch (options.direction()) {
            case "x_to_y" -> Direction.X_TO_Y;
            case "y_to_x" -> Direction.Y_TO_X;
            default -> Direction.BI;
        };
        this.chamfer = chamfer;
        this.emd = emd;
    }

    @Override
    public void add(float[] pred, int offset, float[] target, int targetOffset, int length) {
        if (length != channels * points) {
            throw new IllegalArgumentException("a sample has " + length + " values, expected " + channels + "×" + points);
        }
        float[][] x = cloud(pred, offset);
        float[][] y = cloud(target, targetOffset);
        if (chamfer) {
            cdSum += PointCloudMetrics.chamfer(x, y, metric, direction);
        }
        if (emd) {
            emdSum += PointCloudMetrics.emd(x, y);
        }
        samples++;
    }

    private float[][] cloud(float[] v, int offset) {
        float[][] c = new float[points][channels];
        for (int ch = 0; ch < channels; ch++) {
            for (int p = 0; p < points; p++) {
                c[p][ch] = v[offset + ch * points + p];
            }
        }
        return c;
    }

    @Override
    public Map<String, Double> means() {
        Map<String, Double> m = new LinkedHashMap<>();
        if (samples > 0) {
            if (chamfer) {
                m.put("CD", cdSum / samples);
                m.put("Chamfer", cdSum / samples);
            }
            if (emd) {
                m.put("EMD", emdSum / samples);
            }
        }
        return m;
    }
}
