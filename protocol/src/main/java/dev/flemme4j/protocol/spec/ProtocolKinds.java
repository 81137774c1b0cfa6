package dev.flemme4j.protocol.spec;

import dev.flemme4j.protocol.registry.ComponentKind;
import dev.flemme4j.protocol.transform.Transforms;
import java.util.List;

/** The registered kinds of the job outside {@code model:}, for the key reference ({@code ./flemme keys}). */
public final class ProtocolKinds {
    private ProtocolKinds() {
    }

    public static List<ComponentKind<?>> all() {
        return List.of(JobKeys.KIND, Optimizers.KIND, LrSchedulers.KIND, Datasets.KIND, Transforms.KIND, Metrics.KIND);
    }
}
