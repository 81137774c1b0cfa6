package dev.flemme4j.worker.training;

import dev.flemme4j.protocol.spec.LrSchedulerSpec;
import dev.flemme4j.protocol.spec.OptimizerSpec;

/**
 * Flemme's learning-rate policy: during the first {@code warmup_epochs} the rate rises linearly per iteration
 * from {@code warmup_start_scale × lr} to {@code lr}; afterwards the configured PyTorch scheduler is stepped once
 * per epoch, counting epochs from the end of warm-up.
 */
public final class LearningRateSchedule {
    private final double baseLr;
    private final LrSchedulerSpec scheduler;
    private final int warmupEpochs;
    private final double warmupStartScale;

    public LearningRateSchedule(OptimizerSpec optimizer, LrSchedulerSpec scheduler, int warmupEpochs,
            double warmupStartScale) {
        this.baseLr = optimizer.lr();
        this.scheduler = scheduler;
        this.warmupEpochs = warmupEpochs;
        this.warmupStartScale = warmupStartScale;
    }

    /**
     * @param epoch         0-based epoch
     * @param iteration     0-based iteration within the epoch
     * @param itersPerEpoch iterations in one epoch (≥ 1)
     */
    public double rate(int epoch, int iteration, int itersPerEpoch) {
        if (epoch < warmupEpochs) {
            double total = (double) warmupEpochs * itersPerEpoch;
            double done = (double) epoch * itersPerEpoch + iteration;
            return baseLr * (warmupStartScale + (1 - warmupStartScale) * done / total);
        }
        if (scheduler == null) {
            return baseLr;
        }
        return baseLr * scheduler.factorAt(epoch - warmupEpochs, baseLr);
    }
}
