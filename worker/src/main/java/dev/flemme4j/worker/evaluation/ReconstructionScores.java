package dev.flemme4j.worker.evaluation;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flemme's reconstruction metrics per sample, averaged over samples, as the scikit-image functions it calls
 * define them. Flemme passes the reconstruction first, so where scikit-image looks at "the true image" it looks at
 * the reconstruction.
 * <ul>
 * <li>MSE: mean over every value.
 * <li>PSNR = 10·log10(data_range² / MSE); a perfect reconstruction gives +∞ (and so does the mean), as in Flemme.
 * Without a {@code data_range} scikit-image's rule for float images applies per sample: 1 when the reconstruction
 * has no negative value, 2 when it has. When it leaves [-1, 1] scikit-image (and so Flemme's training) stops with
 * an error; flemme4j does not end a training run over a metric: that sample's PSNR is NaN, so the mean is NaN
 * too, and a warning says to set {@code data_range}.
 * <li>SSIM: see {@link StructuralSimilarity}; only computed when asked for.
 * </ul>
 */
public final class ReconstructionScores implements ValidationScores {
    private static final Logger LOG = LoggerFactory.getLogger(ReconstructionScores.class);
    private final Double psnrRange;
    private final StructuralSimilarity ssim;
    private double mse;
    private double psnr;
    private double ssimSum;
    private long samples;
    private boolean warned;

    /**
     * @param psnrRange PSNR's data_range, or null for scikit-image's rule
     * @param ssim      SSIM on the samples' shape, or null to skip it
     */
    public ReconstructionScores(Double psnrRange, StructuralSimilarity ssim) {
        if (psnrRange != null && !(psnrRange > 0)) {
            throw new IllegalArgumentException("data_range must be positive, got " + psnrRange);
        }
        this.psnrRange = psnrRange;
        this.ssim = ssim;
    }

    @Override
    public void add(float[] pred, int offset, float[] target, int targetOffset, int length) {
        double sum = 0;
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < length; i++) {
            float p = pred[offset + i];
            double d = (double) p - target[targetOffset + i];
            sum += d * d;
            min = Math.min(min, p);
            max = Math.max(max, p);
        }
        double m = sum / length;
        double range = psnrRange != null ? psnrRange : defaultRange(min, max);
        mse += m;
        psnr += 10 * Math.log10(range * range / m);
        if (Double.isNaN(range) && !warned) {
            warned = true;
            LOG.warn("PSNR has no data_range and a reconstruction has values in [{}, {}], outside [-1, 1] where"
                    + " scikit-image can infer one (Flemme would stop with an error); PSNR is NaN for this validation."
                    + " Set data_range on the evaluation_metrics.recon PSNR entry", min, max);
        }
        if (ssim != null) {
            ssimSum += ssim.of(pred, offset, target, targetOffset);
        }
        samples++;
    }

    /** scikit-image's range for float images, or NaN where it has none (a made-up one would mislead). */
    private static double defaultRange(float min, float max) {
        if (min < -1 || max > 1) {
            return Double.NaN;
        }
        return min >= 0 ? 1.0 : 2.0;
    }

    @Override
    public Map<String, Double> means() {
        Map<String, Double> m = new LinkedHashMap<>();
        if (samples > 0) {
            m.put("MSE", mse / samples);
            m.put("PSNR", psnr / samples);
            if (ssim != null) {
                m.put("SSIM", ssimSum / samples);
            }
        }
        return m;
    }
}
