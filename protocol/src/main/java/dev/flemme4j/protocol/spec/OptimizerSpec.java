package dev.flemme4j.protocol.spec;

import dev.flemme4j.protocol.config.ConfigNode;
import java.util.List;

/** The {@code optimizer} section; defaults are PyTorch's, which Flemme passes the section to. */
public record OptimizerSpec(String name, double lr, double weightDecay, double beta1, double beta2, double eps,
        double momentum) {

    public static final List<String> NAMES = List.of("Adam", "AdamW", "SGD");

    public static OptimizerSpec parse(ConfigNode n) {
        String name = n.choice("name", null, NAMES);
        if (name == null) {
            throw n.error("name", "is required; one of " + String.join(", ", NAMES));
        }
        double lr = n.number("lr", name.equals("SGD") ? Double.NaN : 1e-3);
        if (Double.isNaN(lr)) {
            throw n.error("lr", "is required for SGD");
        }
        if (!(lr > 0)) {
            throw n.error("lr", "must be positive, got " + lr);
        }
        double wd = n.number("weight_decay", name.equals("AdamW") ? 1e-2 : 0.0);
        List<Double> betas = n.numberList("betas", List.of(0.9, 0.999));
        if (betas.size() != 2) {
            throw n.error("betas", "must be two numbers, got " + betas);
        }
        double eps = n.number("eps", 1e-8);
        double momentum = n.number("momentum", 0.0);
        n.rejectUnknownKeys();
        return new OptimizerSpec(name, lr, wd, betas.get(0), betas.get(1), eps, momentum);
    }
}
