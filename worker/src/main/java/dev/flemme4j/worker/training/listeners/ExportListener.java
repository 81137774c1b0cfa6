package dev.flemme4j.worker.training.listeners;

import dev.flemme4j.modelzoo.FlemmeModel;
import dev.flemme4j.protocol.job.WorkerEvent;
import dev.flemme4j.protocol.spec.TrainJobSpec;
import dev.flemme4j.worker.checkpoint.CheckpointWeights;
import dev.flemme4j.worker.checkpoint.ExportSource;
import dev.flemme4j.worker.checkpoint.ModelExport;
import dev.flemme4j.worker.checkpoint.TrainingCheckpoint;
import dev.flemme4j.worker.evaluation.BestScore;
import dev.flemme4j.worker.training.JobEvents;
import dev.flemme4j.worker.training.TrainingListener;
import dev.flemme4j.worker.training.TrainingState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the run ends by its limits: picks the weights to ship (the best checkpoint by {@code score_metric}, else
 * the last), restores them if they are not the live ones, and exports the model to ONNX with its manifest.
 */
public final class ExportListener implements TrainingListener {
    private static final Logger LOG = LoggerFactory.getLogger(ExportListener.class);

    /** The exported model directory and which weights went into it. */
    public record ExportedModel(Path dir, ExportSource source) {
    }

    private final FlemmeModel model;
    private final TrainJobSpec spec;
    private final Path artifacts;
    private final String modelName;
    private final CheckpointListener checkpoints;
    private final BestScore best;
    private final JobEvents job;
    private ExportedModel exported;

    public ExportListener(FlemmeModel model, TrainJobSpec spec, Path artifacts, String modelName,
            CheckpointListener checkpoints, BestScore best, JobEvents job) {
        this.model = model;
        this.spec = spec;
        this.artifacts = artifacts;
        this.modelName = modelName;
        this.checkpoints = checkpoints;
        this.best = best;
        this.job = job;
    }

    @Override
    public void onTrainingEnd(TrainingState state) {
        job.publish(job.event(WorkerEvent.Type.EXPORTING));
        TrainingCheckpoint last = Objects.requireNonNull(checkpoints.last(), "training ended without a checkpoint");
        ExportSource source = ExportSource.choose(best, last);
        if (best != null && best.bestEpoch() < 0) {
            LOG.warn("job {}: no validation reported score_metric {}; exporting the final weights", job.jobId(),
                    best.metric());
        }
        try {
            if (source.needsRestore(last)) {
                CheckpointWeights.restore(model, artifacts.resolve("checkpoints").resolve(source.checkpoint()));
            }
            LOG.info("job {}: {}", job.jobId(), source.describe());
            Path dir = new ModelExport(model, spec).write(artifacts.resolve("model"), modelName, job.jobId(), source);
            exported = new ExportedModel(dir, source);
        } catch (IOException e) {
            throw new UncheckedIOException("export of job " + job.jobId() + " failed", e);
        }
    }

    /** The export, or null when the run did not end by its limits. */
    public ExportedModel exported() {
        return exported;
    }
}
