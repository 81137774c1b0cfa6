package dev.flemme4j.worker.checkpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.flemme4j.worker.evaluation.BestScore;
import java.util.Map;

/**
 * Which weights a model directory was exported from, written beside the manifest as {@value #FILE}: the best
 * checkpoint by the score metric when the job names one and a validation produced it, otherwise the weights at the
 * end of training (those of {@code ckp_last}).
 *
 * @param checkpoint {@code ckp_best_score} or {@code ckp_last}
 * @param epoch      the epoch (1-based) those weights are from
 * @param scoreMetric the job's score metric, or null
 * @param score      its value for these weights, or null when unknown
 * @param metrics    the validation scores of that epoch (empty without validation)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExportSource(@JsonProperty("checkpoint") String checkpoint, @JsonProperty("epoch") int epoch,
        @JsonProperty("score_metric") String scoreMetric, @JsonProperty("score") Double score,
        @JsonProperty("metrics") Map<String, Double> metrics) {

    static final String FILE = "export_source.json";

    /**
     * @param best the score tracker, or null when the job has no score metric
     * @param last the last checkpoint written (training always checkpoints its final epoch)
     */
    public static ExportSource choose(BestScore best, TrainingCheckpoint last) {
        if (best != null && best.bestEpoch() > 0) {
            return new ExportSource(CheckpointWriter.BEST_SCORE, best.bestEpoch(), best.metric(), best.bestValue(),
                    best.bestScores());
        }
        String metric = best == null ? null : best.metric();
        return new ExportSource(CheckpointWriter.LAST, last.epoch(), metric,
                metric == null ? null : last.metrics().get(metric), last.metrics());
    }

    /** Whether the weights are not the ones the model holds after its final epoch. */
    public boolean needsRestore(TrainingCheckpoint last) {
        return checkpoint.equals(CheckpointWriter.BEST_SCORE) && epoch != last.epoch();
    }

    public String describe() {
        String s = "exported from " + checkpoint + " (epoch " + epoch;
        return s + (scoreMetric != null && score != null ? ", " + scoreMetric + " " + score : "") + ")";
    }
}
