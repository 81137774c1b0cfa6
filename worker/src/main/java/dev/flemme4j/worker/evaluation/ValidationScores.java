package dev.flemme4j.worker.evaluation;

import dev.flemme4j.modelzoo.ModelTask;
import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.spec.TrainJobSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validation metrics accumulated sample by sample and averaged over samples (Flemme's way), chosen by what the
 * model's primary output means. {@link #forTask} builds the right one and keeps only the metrics a job's
 * {@code evaluation_metrics} group asks for.
 */
public interface ValidationScores {

    /**
     * @param pred   one sample's primary output, {@code length} values from {@code offset}
     * @param target what it is compared with: the label, or the input for unsupervised auto-encoders
     */
    void add(float[] pred, int offset, float[] target, int targetOffset, int length);

    /** Metric name → mean over samples; empty before any sample. */
    Map<String, Double> means();

    /**
     * The metrics of {@code task} that {@code spec} asks for. Without an {@code evaluation_metrics} group for the
     * task: the cheap ones ({@link #defaults}) plus the score metric.
     *
     * @param sampleShape one sample of the primary output, {@code (C, spatial...)}
     * @throws ConfigException when a requested metric cannot be computed on samples of this shape
     */
    static ValidationScores forTask(ModelTask task, long[] sampleShape, TrainJobSpec spec) {
        String group = switch (task) {
            case CLASSIFY -> "cls";
            case RECONSTRUCT -> "recon";
            default -> "seg";
        };
        List<String> names = spec.metricsOf(group);
        if (names == null) {
            names = new ArrayList<>(defaults(task));
            if (spec.scoreMetric() != null && TrainJobSpec.METRICS.get(group).contains(spec.scoreMetric())
                    && !names.contains(spec.scoreMetric())) {
                names.add(spec.scoreMetric());
            }
        }
        ValidationScores all = switch (task) {
            case CLASSIFY -> new ClassificationScores();
            case RECONSTRUCT -> withPointCloud(new ReconstructionScores(spec.psnrDataRange(),
                    names.contains("SSIM") ? ssim(sampleShape, spec.ssimDataRange()) : null), sampleShape, names, spec);
            default -> new SegmentationScores(sampleShape, names.contains("HD")
                    ? new HausdorffDistance(SegmentationScores.spatial(sampleShape), "modified".equals(spec.hdMethod()))
                    : null);
        };
        return new SelectedScores(all, List.copyOf(names));
    }

    /** What is reported when the job names no metric for the task: the metrics that cost next to nothing. */
    static List<String> defaults(ModelTask task) {
        return switch (task) {
            case CLASSIFY -> List.of("ACC");
            case RECONSTRUCT -> List.of("MSE", "PSNR");
            default -> List.of("Dice", "mIoU", "ACC");
        };
    }

    /** The reconstruction scores plus CD/EMD when the job asks for them, on {@code (C, N)} point-cloud samples. */
    private static ValidationScores withPointCloud(ValidationScores recon, long[] sampleShape, List<String> names,
            TrainJobSpec spec) {
        boolean chamfer = names.contains("CD") || names.contains("Chamfer");
        boolean emd = names.contains("EMD");
        if (!chamfer && !emd) {
            return recon;
        }
        try {
            return new JointScores(recon, new PointCloudScores(sampleShape, spec.chamfer(), chamfer, emd));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("evaluation_metrics.recon", e.getMessage());
        }
    }

    private static StructuralSimilarity ssim(long[] sampleShape, double dataRange) {
        try {
            return new StructuralSimilarity(sampleShape, dataRange);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("evaluation_metrics.recon", e.getMessage());
        }
    }
}
