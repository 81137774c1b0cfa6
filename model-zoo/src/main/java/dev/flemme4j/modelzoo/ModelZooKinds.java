package dev.flemme4j.modelzoo;

import dev.flemme4j.modelzoo.config.loss.LossTypes;
import dev.flemme4j.modelzoo.encoder.ImageEncoders;
import dev.flemme4j.protocol.registry.ComponentKind;
import java.util.List;

/** The registered kinds of the {@code model:} section, for the key reference ({@code ./flemme keys}). */
public final class ModelZooKinds {
    private ModelZooKinds() {
    }

    public static List<ComponentKind<?>> all() {
        return List.of(Architectures.KIND, ImageEncoders.KIND, LossTypes.KIND);
    }
}
