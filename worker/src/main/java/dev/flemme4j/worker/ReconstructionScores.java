package dev.flemme4j.worker;

import dev.flemme4j.protocol.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flemme's reconstruction metrics per sample, averaged over samples, as the scikit-image functions it calls
 * define them. Flemme passes the reconstruction first, so where scikit-image looks at "the true image" it looks at
 * the reconstruction.
 * <ul>
 * <li>MSE: mean over every value.
 * <li>PSNR = 10·log10(data_range² / MSE); a perfect reconstruction gives +∞ (and so does the mean), as in Flemme.
 * Without a {@code data_range} scikit-image's rule for float images applies per sample: 1 when the reconstruction
 * has no negative value, 2 when it has, and an error when it leaves [-1, 1].
 * <li>SSIM: see {@link StructuralSimilarity}; only computed when asked for.
 * </ul>
 */
public final class ReconstructionScores implements ValidationScores {
    private final Double psnrRange;
    private final StructuralSimilarity ssim;
    private double mse;
    private double psnr;
    private double ssimSum;
    private long samples;

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
        if (ssim != null) {
            ssimSum += ssim.of(pred, offset, target, targetOffset);
        }
        samples++;
    }

    private static double defaultRange(float min, float max) {
        if (min < -1 || max > 1) {
            // Flemme stops here too (scikit-image raises); a made-up range would give a meaningless PSNR.
            throw new ConfigException("evaluation_metrics.recon", "PSNR has no data_range and the reconstruction has"
                    + " values in [" + min + ", " + max + "], outside [-1, 1] where scikit-image can infer one; set"
                    + " data_range on the PSNR entry");
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
