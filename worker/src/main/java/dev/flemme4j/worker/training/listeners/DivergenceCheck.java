package dev.flemme4j.worker.training.listeners;

import dev.flemme4j.worker.data.Sample;
import dev.flemme4j.worker.training.StepResult;
import dev.flemme4j.worker.training.TrainingDivergedException;
import dev.flemme4j.worker.training.TrainingListener;
import dev.flemme4j.worker.training.TrainingState;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails the run at the first non-finite loss: a diverged run only burns time and would export garbage. It says
 * where (epoch, step, batch keys, whether the inputs were finite, the loss terms) so the user can fix the job.
 */
public final class DivergenceCheck implements TrainingListener {
    private static final Logger LOG = LoggerFactory.getLogger(DivergenceCheck.class);

    private final String jobId;
    private final Supplier<?> lossTerms;

    public DivergenceCheck(String jobId, Supplier<?> lossTerms) {
        this.jobId = jobId;
        this.lossTerms = lossTerms;
    }

    @Override
    public void onStep(TrainingState state, StepResult step) {
        float loss = step.loss();
        if (Float.isFinite(loss)) {
            return;
        }
        List<Sample> batch = step.batch();
        LOG.warn("job {}: non-finite loss {} at epoch {} step {} (batch {}, input finite: {}, label finite: {},"
                + " loss terms {})", jobId, loss, state.epochNumber(), state.stepInEpoch(),
                batch.stream().map(Sample::key).toList(), allFinite(batch, true), allFinite(batch, false),
                lossTerms.get());
        throw new TrainingDivergedException("training diverged: the loss became " + loss + " at epoch "
                + state.epochNumber() + ", step " + state.stepInEpoch() + " (loss terms " + lossTerms.get()
                + "); try a lower optimizer.lr or clip_grad");
    }

    private static boolean allFinite(List<Sample> batch, boolean image) {
        for (Sample s : batch) {
            for (float v : image ? s.image() : s.label()) {
                if (!Float.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }
}
