package dev.flemme4j.worker.evaluation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flemme's hard segmentation metrics, each per sample and then averaged over samples. Samples are
 * {@code (C, spatial...)} logits against labels of the same shape.
 *
 * <p>Masks as Flemme makes them: with one channel the prediction is {@code logit > 0}; with several it is the
 * one-hot of the arg-max channel (ties to the first). The truth is {@code label > 0}, channel by channel. Dice =
 * 2|P∩T| / (|P|+|T|) and IoU = |P∩T| / |P∪T| (both with 1e-8 added above and below, so two empty masks score 1)
 * and HD are taken per channel and averaged over channels.
 *
 * <p>ACC compares values, not masks, as Flemme's does: with one channel the 0/1 prediction must equal the label
 * value (a soft label of 0.7 is never matched); with several channels and labels at most 1 it compares the
 * arg-max class of prediction and label per voxel, otherwise the one-hot prediction with the label value by value.
 * Flemme's relabelling of single-channel class-index labels (values above 1) into one-hot is not done: such a
 * label counts as foreground.
 */
public final class SegmentationScores implements ValidationScores {
    private static final double SMOOTH = 1e-8;
    private final int channels;
    private final int voxels;
    private final HausdorffDistance hd;
    private double dice;
    private double iou;
    private double acc;
    private double hdSum;
    private long samples;

    /**
     * @param sampleShape (C, spatial...) of one sample
     * @param hd          the Hausdorff distance on the spatial grid, or null to skip HD (it costs more than the rest)
     */
    public SegmentationScores(long[] sampleShape, HausdorffDistance hd) {
        channels = (int) sampleShape[0];
        int n = 1;
        for (int i = 1; i < sampleShape.length; i++) {
            n *= (int) sampleShape[i];
        }
        voxels = n;
        this.hd = hd;
    }

    /** The spatial grid of {@code sampleShape} (everything after the channel axis), as HD wants it. */
    static int[] spatial(long[] sampleShape) {
        int[] s = new int[Math.max(1, sampleShape.length - 1)];
        if (sampleShape.length == 1) {
            s[0] = 1;
        }
        for (int i = 1; i < sampleShape.length; i++) {
            s[i - 1] = (int) sampleShape[i];
        }
        return s;
    }

    @Override
    public void add(float[] logits, int offset, float[] label, int labelOffset, int length) {
        if (length != channels * voxels) {
            throw new IllegalArgumentException("sample of " + length + " values, expected " + channels + " x " + voxels);
        }
        boolean[][] pred = new boolean[channels][voxels];
        boolean[][] truth = new boolean[channels][voxels];
        float labelMax = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < voxels; i++) {
                float t = label[labelOffset + c * voxels + i];
                truth[c][i] = t > 0;
                labelMax = Math.max(labelMax, t);
            }
        }
        if (channels == 1) {
            long correct = 0;
            for (int i = 0; i < voxels; i++) {
                pred[0][i] = logits[offset + i] > 0;
                if ((pred[0][i] ? 1f : 0f) == label[labelOffset + i]) {
                    correct++;
                }
            }
            acc += (double) correct / voxels;
        } else {
            int[] predClass = argmaxPerVoxel(logits, offset);
            for (int i = 0; i < voxels; i++) {
                pred[predClass[i]][i] = true;
            }
            acc += labelMax <= 1 ? classAgreement(predClass, label, labelOffset) : valueAgreement(pred, label, labelOffset);
        }
        double d = 0;
        double u = 0;
        double h = 0;
        for (int c = 0; c < channels; c++) {
            long inter = 0;
            long p = 0;
            long t = 0;
            for (int i = 0; i < voxels; i++) {
                p += pred[c][i] ? 1 : 0;
                t += truth[c][i] ? 1 : 0;
                inter += pred[c][i] && truth[c][i] ? 1 : 0;
            }
            d += (2.0 * inter + SMOOTH) / (p + t + SMOOTH);
            u += (inter + SMOOTH) / (p + t - inter + SMOOTH);
            if (hd != null) {
                h += hd.between(pred[c], truth[c]);
            }
        }
        dice += d / channels;
        iou += u / channels;
        hdSum += h / channels;
        samples++;
    }

    private int[] argmaxPerVoxel(float[] v, int offset) {
        int[] best = new int[voxels];
        for (int i = 0; i < voxels; i++) {
            for (int c = 1; c < channels; c++) {
                if (v[offset + c * voxels + i] > v[offset + best[i] * voxels + i]) {
                    best[i] = c;
                }
            }
        }
        return best;
    }

    private double classAgreement(int[] predClass, float[] label, int labelOffset) {
        int[] truthClass = argmaxPerVoxel(label, labelOffset);
        long same = 0;
        for (int i = 0; i < voxels; i++) {
            same += predClass[i] == truthClass[i] ? 1 : 0;
        }
        return (double) same / voxels;
    }

    private double valueAgreement(boolean[][] pred, float[] label, int labelOffset) {
        long same = 0;
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < voxels; i++) {
                same += (pred[c][i] ? 1f : 0f) == label[labelOffset + c * voxels + i] ? 1 : 0;
            }
        }
        return (double) same / ((long) channels * voxels);
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
        if (hd != null) {
            m.put("HD", hdSum / samples);
        }
        return m;
    }
}
