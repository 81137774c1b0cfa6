package dev.flemme4j.worker;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flemme's reconstruction metrics per sample, averaged over samples: MSE (skimage's mean_squared_error, the mean
 * over every value) and PSNR = 10·log10(data_range² / MSE) (skimage's peak_signal_noise_ratio). A perfect
 * reconstruction has infinite PSNR; it is reported as that of an MSE of 1e-10 so the mean stays a number.
 */
public final class ReconstructionScores implements ValidationScores {
    static final double MIN_MSE = 1e-10;
    private final double dataRange;
    private double mse;
    private double psnr;
    private long samples;

    public ReconstructionScores(double dataRange) {
        if (!(dataRange > 0)) {
            throw new IllegalArgumentException("data_range must be positive, got " + dataRange);
        }
        this.dataRange = dataRange;
    }

    @Override
    public void add(float[] pred, int offset, float[] target, int targetOffset, int length) {
        double sum = 0;
        for (int i = 0; i < length; i++) {
            double d = (double) pred[offset + i] - target[targetOffset + i];
            sum += d * d;
        }
        double m = sum / length;
        mse += m;
        psnr += 10 * Math.log10(dataRange * dataRange / Math.max(m, MIN_MSE));
        samples++;
    }

    @Override
    public Map<String, Double> means() {
        Map<String, Double> m = new LinkedHashMap<>();
        if (samples > 0) {
            m.put("MSE", mse / samples);
            m.put("PSNR", psnr / samples);
        }
        return m;
    }
}
