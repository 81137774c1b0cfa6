package dev.flemme4j.modelzoo.config;

import dev.flemme4j.protocol.config.ConfigNode;
import java.util.ArrayList;
import java.util.List;

/** Reads a loss list ({@code segmentation_losses}): a mapping or a list of mappings, each {@code {name, weight, ...}}. */
public final class LossSpecParser {
    private LossSpecParser() {
    }

    /** Parses {@code key} of {@code model}; absent → {@code [Dice]} as upstream. */
    public static List<LossSpec> parseSegmentationLosses(ConfigNode model, String key) {
        List<ConfigNode> nodes = model.nodeList(key);
        if (nodes == null) {
            return List.of(new LossSpec("Dice", LossKind.DICE, 1.0, DiceNormalization.SIGMOID));
        }
        if (nodes.isEmpty()) {
            throw model.error(key, "needs at least one loss, e.g. [{name: Dice}, {name: BCEL}]");
        }
        List<LossSpec> out = new ArrayList<>(nodes.size());
        for (ConfigNode n : nodes) {
            out.add(parseOne(n));
        }
        return List.copyOf(out);
    }

    private static LossSpec parseOne(ConfigNode n) {
        String name = n.requireString("name");
        LossKind kind = LossKind.SEGMENTATION.resolve(n, "name", name);
        double weight = n.number("weight", 1.0);
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw n.error("weight", "must be a finite non-negative number, found " + weight);
        }
        DiceNormalization norm = DiceNormalization.SIGMOID;
        if (kind == LossKind.DICE) {
            norm = DiceNormalization.NAMES.read(n, "normalization", "sigmoid");
        }
        // the model sets reduction itself (loss_reduction); upstream overwrites a per-loss value too
        n.ignore("reduction");
        n.rejectUnknownKeys();
        return new LossSpec(name, kind, weight, norm);
    }
}
