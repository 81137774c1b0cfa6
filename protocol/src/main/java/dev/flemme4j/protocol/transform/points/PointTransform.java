package dev.flemme4j.protocol.transform.points;

import dev.flemme4j.protocol.image.SpatialImage;
import dev.flemme4j.protocol.registry.KeySet;
import dev.flemme4j.protocol.spec.TransformSpec;
import dev.flemme4j.protocol.transform.Draws;
import dev.flemme4j.protocol.transform.ImagePass;
import dev.flemme4j.protocol.transform.Transform;

/** A transform of the point-cloud vocabulary only: an image never reaches it, as the parser keeps the vocabularies apart. */
abstract class PointTransform extends Transform {
    PointTransform(String name, String doc, KeySet keys) {
        super(name, doc, null, null, keys);
    }

    @Override
    public final SpatialImage apply(SpatialImage x, TransformSpec t, ImagePass pass) {
        throw new IllegalStateException("transform " + name() + " applies to point clouds only");
    }

    /** A standard normal draw (Box-Muller over two uniforms, so the draws stay reproducible per sample). */
    static double gaussian(Draws d) {
        double u = 1.0 - d.uniform();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * d.uniform());
    }

    /** A draw in [lo, hi), as Python's {@code random.uniform(lo, hi)}. */
    static double between(Draws d, double lo, double hi) {
        return lo + (hi - lo) * d.uniform();
    }
}
