package dev.flemme4j.protocol.spec;

import static dev.flemme4j.protocol.registry.KeyType.NAME;
import static dev.flemme4j.protocol.registry.KeyType.NUMBER;
import static dev.flemme4j.protocol.registry.KeyType.NUMBER_LIST;

import dev.flemme4j.protocol.registry.Component;
import dev.flemme4j.protocol.registry.ComponentKind;
import dev.flemme4j.protocol.registry.Key;
import dev.flemme4j.protocol.registry.KeySet;

/**
 * The registry of {@code optimizer.name}: PyTorch's defaults, which Flemme passes the section to. The worker runs
 * PyTorch's exact Adam/AdamW update; SGD is listed as not supported yet (it used to be accepted and then trained
 * with Adam's rule).
 */
public final class Optimizers {
    private static final Key NAME_KEY = Key.required("name", NAME, "the optimizer");
    private static final Key BETAS = Key.of("betas", NUMBER_LIST, "[0.9, 0.999]", "Adam's moment decay rates");
    private static final Key EPS = Key.of("eps", NUMBER, "1e-8", "added to the denominator");
    private static final Key MOMENTUM = Key.of("momentum", NUMBER, "0.0", "SGD momentum")
            .withoutEffect("Adam and AdamW have no momentum parameter (betas set their moments)");

    public static final ComponentKind<Component<OptimizerSpec>> KIND = new ComponentKind<Component<OptimizerSpec>>(
            "optimizer", "optimizer", "optimizers (optimizer.name)")
            .register(Component.of("Adam", "Adam; weight_decay is L2 added to the gradient", KeySet.of(NAME_KEY,
                    Key.of("lr", NUMBER, "1e-3", "learning rate"),
                    Key.of("weight_decay", NUMBER, "0.0", "L2 penalty"), BETAS, EPS, MOMENTUM),
                    n -> OptimizerSpec.parseBound(n, "Adam", 0.0)))
            .register(Component.of("AdamW", "Adam with decoupled weight decay", KeySet.of(NAME_KEY,
                    Key.of("lr", NUMBER, "1e-3", "learning rate"),
                    Key.of("weight_decay", NUMBER, "1e-2", "decoupled weight decay"), BETAS, EPS, MOMENTUM),
                    n -> OptimizerSpec.parseBound(n, "AdamW", 1e-2)))
            .later("SGD", "RMSprop", "Adagrad");

    private Optimizers() {
    }
}
