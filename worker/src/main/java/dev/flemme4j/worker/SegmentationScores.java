package dev.flemme4j.worker;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Accumulates Flemme's hard segmentation metrics over a validation pass for single-channel (binary) outputs:
 * prediction = logit > 0, truth = label > 0.5; each metric per sample, then averaged over samples (Flemme's
 * way). Dice = 2|P∩T| / (|P|+|T|), IoU = |P∩T| / |P∪T|, both with 1e-8 smoothing, ACC = voxel accuracy.
 */
public final class SegmentationScores implements ValidationScores {
    private static final double SMOOTH = 1e-8;
    private double dice;
    private double iou;
    private double acc;
    private long samples;

    /** @param logits one sample's logits; @param label the same sample's label, same length */
    @Override
    public void add(float[] logits, int offset, float[] label, int labelOffset, int length) {
        long inter = 0;
        long pred = 0;
        long truth = 0;
        long correct = 0;
        for (int i = 0; i < length; i++) {
            boolean p = logits[offset + i] > 0;
            boolean t = label[labelOffset + i] > 0.5f;
            if (p) {
                pred++;
            }
            if (t) {
                truth++;
            }
            if (p && t) {
                inter++;
            }
            if (p == t) {
                correct++;
            }
        }
        dice += (2.0 * inter + SMOOTH) / (pred + truth + SMOOTH);
        iou += (inter + SMOOTH) / (pred + truth - inter + SMOOTH);
        acc += (double) correct / length;
        samples++;
    }

    public long samples() {
        return samples;
    }

    @Override
    public Map<String, Double> means() {
        Map<String, Double> m = new LinkedHashMap<>();
        if (samples == 0) {
            return m;
        }
        m.put("Dice", dice / samples);
        m.put("mIoU", iou / samples);
        m.put("ACC", acc / samples);
        return m;
    }
}
