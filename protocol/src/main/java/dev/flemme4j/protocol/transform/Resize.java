package dev.flemme4j.protocol.transform;

import static dev.flemme4j.protocol.registry.KeyType.INT_LIST;
import static dev.flemme4j.protocol.registry.KeyType.STRING;

import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.image.SpatialImage;
import dev.flemme4j.protocol.registry.Key;
import dev.flemme4j.protocol.registry.KeySet;
import dev.flemme4j.protocol.spec.TransformSpec;
import java.util.List;

/** Resize to {@code size}; flemme4j ingests with nearest interpolation (Flemme's default) only. */
final class Resize extends Transform {
    private static final Key SIZE = Key.required("size", INT_LIST, "[H, W] (2D) or [D, H, W] (3D)");
    private static final List<String> MODES_2D = List.of("nearest", "bilinear", "bicubic");
    private static final List<String> MODES_3D = List.of("nearest", "linear", "bilinear", "bicubic", "trilinear", "area",
            "nearest-exact");
    private static final Key MODE = Key.of("mode", STRING, "nearest", "interpolation: " + String.join(", ", MODES_2D)
            + " (3D: " + String.join(", ", MODES_3D) + "); ingestion applies nearest only");

    Resize() {
        super("Resize", "resizes every spatial axis to size",
                KeySet.of(SIZE, MODE), KeySet.of(SIZE, MODE));
    }

    @Override
    public TransformSpec parse(ConfigNode n, int dim) {
        List<Integer> size = n.intList("size", null);
        if (size == null) {
            throw n.error("size", "is required for Resize, e.g. size: " + (dim == 3 ? "[32, 64, 64]" : "[64, 64]"));
        }
        if (size.size() != dim || size.stream().anyMatch(s -> s <= 0)) {
            throw n.error("size", "must be " + dim + " positive integers " + (dim == 3 ? "[D, H, W]" : "[H, W]") + " for "
                    + dim + "D images, got " + size);
        }
        String mode = n.choice("mode", "nearest", dim == 3 ? MODES_3D : MODES_2D);
        return new TransformSpec(name(), size, mode, null, null, 0, 0);
    }

    @Override
    public SpatialImage apply(SpatialImage x, TransformSpec t, ImagePass pass) {
        return x.resizeNearest(t.size().stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    public SampleShape shape(SampleShape in, TransformSpec t, String at, String file) {
        return new SampleShape(in.channels(), t.size());
    }

    @Override
    public boolean resizes() {
        return true;
    }

    @Override
    public void checkIngestion(TransformSpec t, String at) {
        if (!"nearest".equals(t.mode())) {
            throw new TransformRejection(TransformRejection.Problem.LOADER, at + ".mode", "Resize mode '" + t.mode()
                    + "' is not supported yet in flemme4j; use nearest (Flemme's default)");
        }
    }
}
