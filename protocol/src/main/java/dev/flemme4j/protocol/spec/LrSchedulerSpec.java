package dev.flemme4j.protocol.spec;

import dev.flemme4j.protocol.config.ConfigNode;

/**
 * The {@code lr_scheduler} section: PyTorch scheduler semantics, stepped once per epoch after warm-up as in
 * Flemme. LinearLR's {@code total_iters} is filled in from {@code max_epoch} when absent, as Flemme does.
 */
public record LrSchedulerSpec(String name, double startFactor, double endFactor, int totalIters, int stepSize,
        double gamma, double etaMin) {

    /** Parses an {@code lr_scheduler} section with the keys {@link LrSchedulers#KIND} declares for its name. */
    public static LrSchedulerSpec parse(ConfigNode section, int maxEpoch) {
        ConfigNode n = LrSchedulers.KIND.read(section, "name", null).bind(section);
        String name = n.string("name", null);
        LrSchedulerSpec s = switch (name) {
            case "LinearLR" -> new LrSchedulerSpec(name, n.number("start_factor", 1.0 / 3), n.number("end_factor", 1.0),
                    n.integer("total_iters", maxEpoch), 0, 0, 0);
            case "StepLR" -> new LrSchedulerSpec(name, 1, 1, 0, requirePositive(n, "step_size"), n.number("gamma", 0.1), 0);
            case "ExponentialLR" -> new LrSchedulerSpec(name, 1, 1, 0, 0, n.number("gamma", Double.NaN), 0);
            case "CosineAnnealingLR" -> new LrSchedulerSpec(name, 1, 1, n.integer("T_max", maxEpoch), 0, 0,
                    n.number("eta_min", 0.0));
            default -> new LrSchedulerSpec(name, n.number("factor", 1.0 / 3), 1.0, n.integer("total_iters", 5), 0, 0, 0);
        };
        if (name.equals("ExponentialLR") && Double.isNaN(s.gamma())) {
            throw n.error("gamma", "is required for ExponentialLR");
        }
        n.rejectUnknownKeys();
        return s;
    }

    private static int requirePositive(ConfigNode n, String key) {
        int v = n.integer(key, -1);
        if (v <= 0) {
            throw n.error(key, "is required and must be positive");
        }
        return v;
    }

    /** Learning-rate multiplier after {@code epoch} scheduler steps (0 = before the first step). */
    public double factorAt(int epoch, double baseLr) {
        return switch (name) {
            case "LinearLR" -> {
                int e = Math.min(epoch, totalIters);
                yield totalIters <= 0 ? endFactor : startFactor + (endFactor - startFactor) * e / totalIters;
            }
            case "StepLR" -> Math.pow(gamma, epoch / stepSize);
            case "ExponentialLR" -> Math.pow(gamma, epoch);
            case "CosineAnnealingLR" -> {
                double etaMinFactor = etaMin / baseLr;
                yield etaMinFactor + (1 - etaMinFactor) * (1 + Math.cos(Math.PI * Math.min(epoch, totalIters) / totalIters)) / 2;
            }
            default -> epoch < totalIters ? startFactor : 1.0;
        };
    }
}
