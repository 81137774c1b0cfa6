package dev.flemme4j.modelzoo.config.loss;

import dev.flemme4j.protocol.registry.NameTable;
import java.util.List;

/**
 * Where a loss may stand: which registered losses (see {@link LossTypes}) a list accepts, and the names Flemme has
 * there that flemme4j does not implement yet.
 */
public enum LossUse {
    /** Between a prediction map and a target map (segmentation and reconstruction lists). */
    IMAGE("loss", List.of("KL")),
    /** Between class logits {@code (B, classes)} and a one-hot or probability target. */
    CLASSIFICATION("classification loss", List.of("SSIM", "KL", "EMD", "CD", "Chamfer", "DCD", "DChamfer")),
    /** A VAE's {@code distribution_loss}. */
    DISTRIBUTION("distribution loss", List.of("DMSE"));

    private static final List<String> LATER = List.of("Boundary", "DMSE", "Sinkhorn", "GNE", "GraphNodeLoss", "GEE", "GraphEdgeLoss");

    private final String what;
    private final List<String> later;

    LossUse(String what, List<String> later) {
        this.what = what;
        this.later = later;
    }

    /** The losses registered for this use, by every name they answer to. */
    public NameTable<LossType> table() {
        NameTable.Builder<LossType> b = NameTable.of(what);
        for (LossType t : LossTypes.KIND.entries()) {
            if (t.uses().contains(this)) {
                b.add(t.name(), t);
                t.aliases().forEach(a -> b.add(a, t));
            }
        }
        b.later(later.toArray(String[]::new));
        if (this != DISTRIBUTION) {
            b.later(LATER.stream().filter(n -> !later.contains(n)).toArray(String[]::new));
        }
        return b.build();
    }
}
