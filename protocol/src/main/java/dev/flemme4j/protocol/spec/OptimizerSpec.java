package dev.flemme4j.protocol.spec;

import dev.flemme4j.protocol.config.ConfigNode;
import java.util.List;

/** The {@code optimizer} section; defaults are PyTorch's, which Flemme passes the section to. */
public record OptimizerSpec(String name, double lr, double weightDecay, double beta1, double beta2, double eps,
        double momentum) {

    /** Parses an {@code optimizer} section through {@link Optimizers#KIND}. */
    public static OptimizerSpec parse(ConfigNode n) {
        return Optimizers.KIND.read(n, "name", null).parse(n);
    }

    /** A bound section of the optimizer {@code name}, whose {@code weight_decay} defaults to {@code defaultDecay}. */
    static OptimizerSpec parseBound(ConfigNode n, String name, double defaultDecay) {
        double lr = n.number("lr", 1e-3);
        if (!(lr > 0)) {
            throw n.error("lr", "must be positive, got " + lr);
        }
        double wd = n.number("weight_decay", defaultDecay);
        List<Double> betas = n.numberList("betas", List.of(0.9, 0.999));
        if (betas.size() != 2) {
            throw n.error("betas", "must be two numbers, got " + betas);
        }
        double eps = n.number("eps", 1e-8);
        n.rejectUnknownKeys();
        return new OptimizerSpec(name, lr, wd, betas.get(0), betas.get(1), eps, 0.0);
    }
}
