package dev.flemme4j.worker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validation metrics accumulated sample by sample and averaged over samples (Flemme's way), chosen by what the
 * model's primary output means. {@link #forTask} builds the right one and keeps only the metrics a job's
 * {@code evaluation_metrics} group asks for (all of them when it names none).
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
     * @param task      {@code segment}, {@code classify} or {@code reconstruct}
     * @param requested the names the job's metric group lists, or null for every metric of the task
     * @param psnrRange PSNR's {@code data_range}
     */
    static ValidationScores forTask(String task, List<String> requested, double psnrRange) {
        ValidationScores all = switch (task) {
            case "classify" -> new ClassificationScores();
            case "reconstruct" -> new ReconstructionScores(psnrRange);
            default -> new SegmentationScores();
        };
        if (requested == null) {
            return all;
        }
        return new ValidationScores() {
            @Override
            public void add(float[] pred, int offset, float[] target, int targetOffset, int length) {
                all.add(pred, offset, target, targetOffset, length);
            }

            @Override
            public Map<String, Double> means() {
                Map<String, Double> m = all.means();
                Map<String, Double> out = new LinkedHashMap<>();
                for (String name : requested) {
                    // Flemme computes F1 with its Dice class
                    Double v = m.get(name.equals("F1") ? "Dice" : name);
                    if (v != null) {
                        out.put(name, v);
                    }
                }
                return out;
            }
        };
    }
}
