package dev.flemme4j.worker.training;

import dev.flemme4j.worker.data.Sample;
import java.util.List;

/** What one step did: its loss, the batch it trained on and how long the optimisation took. */
public record StepResult(float loss, List<Sample> batch, double seconds) {
}
