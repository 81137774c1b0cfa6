package dev.flemme4j.cli;

import dev.flemme4j.modelzoo.ModelZooKinds;
import dev.flemme4j.protocol.registry.ComponentKind;
import dev.flemme4j.protocol.registry.KeyReference;
import dev.flemme4j.protocol.registry.Registration;
import dev.flemme4j.protocol.spec.ProtocolKinds;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "keys", mixinStandardHelpOptions = true,
        header = "Print the YAML keys flemme4j understands, from its registry.",
        description = {"Without arguments: every kind (model, model.encoder, loss, ...) with its names.",
                "With KIND: every name of that kind with its keys. With KIND NAME: the keys of one name.",
                "Each key is printed with its type, its default ('-': none), its 2024 spelling and a line of doc;",
                "keys accepted without effect in flemme4j say so (a job using them gets a warning)."})
final class KeysCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "KIND", description = "a kind, by its YAML place (model.encoder) or word (encoder)")
    String kind;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "one registered name of KIND, e.g. UNet")
    String name;

    /** Every registered kind, in the order the reference prints them. */
    static KeyReference reference() {
        List<ComponentKind<?>> kinds = new ArrayList<>(ProtocolKinds.all());
        kinds.addAll(ModelZooKinds.all());
        return new KeyReference(kinds);
    }

    @Override
    public Integer call() {
        KeyReference ref = reference();
        if (kind == null) {
            System.out.print(ref.overview());
            return 0;
        }
        Optional<ComponentKind<?>> k = ref.kind(kind);
        if (k.isEmpty()) {
            System.err.println("unknown kind '" + kind + "'; kinds: "
                    + String.join(", ", ref.kinds().stream().map(ComponentKind::id).toList()));
            return 2;
        }
        if (name == null) {
            System.out.print(ref.describe(k.get()));
            return 0;
        }
        Optional<? extends Registration> r = k.get().find(name);
        if (r.isEmpty()) {
            System.err.println(k.get().unknown(k.get().id() + ".name", name).getMessage());
            return 2;
        }
        System.out.print(ref.describe(k.get(), r.get()));
        return 0;
    }
}
