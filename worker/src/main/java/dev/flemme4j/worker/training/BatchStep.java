package dev.flemme4j.worker.training;

import dev.flemme4j.worker.data.Sample;
import java.util.List;

/** One optimisation step on one batch; returns the loss the step minimised (a plain float, arrays freed). */
@FunctionalInterface
public interface BatchStep {
    float apply(List<Sample> batch);
}
