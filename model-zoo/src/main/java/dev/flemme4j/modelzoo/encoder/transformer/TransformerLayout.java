package dev.flemme4j.modelzoo.encoder.transformer;

import dev.flemme4j.modelzoo.block.ContextSettings;
import dev.flemme4j.modelzoo.block.building.ConvBlockSettings;
import dev.flemme4j.modelzoo.block.transformer.TransformerBlockSettings;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
import dev.flemme4j.modelzoo.config.encoder.TransformerSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What a transformer encoder and its decoder derive from the spec: block settings and the patch-grid pyramid. */
final class TransformerLayout {
    final ImageEncoderSpec spec;
    final TransformerSpec t;
    final TransformerBlockSettings blocks;
    final int dims;

    TransformerLayout(ImageEncoderSpec spec, ContextSettings context) {
        this.spec = spec;
        this.t = spec.transformer();
        this.dims = spec.spatialDims();
        blocks = new TransformerBlockSettings(dims, spec.normalization(), spec.numNormGroups(), spec.activation(),
                t.mlpHiddenRatios(), t.qkvBias(), t.qkScale(), spec.dropout(), t.attenDropout(), context);
    }

    /** Patch grid after {@code level} patch mergings. */
    List<Integer> grid(int level) {
        int f = spec.patchSize() << level;
        return spec.imageSize().stream().map(v -> v / f).toList();
    }

    static long[] longs(List<Integer> v) {
        return v.stream().mapToLong(Integer::longValue).toArray();
    }

    /** Settings for the dense layers of a vector latent (normalisation as the blocks, the network's activation). */
    ConvBlockSettings dense() {
        return new ConvBlockSettings(dims, 1, false, spec.normalization(), spec.numNormGroups(), spec.activation());
    }

    /** Rates of {@code stages × num_blocks} blocks, stage by stage; reversed for decoders. */
    double[][] dropPaths(int stages, boolean reversed) {
        int n = spec.numBlocks();
        double[] all = t.dropPathSchedule(stages * n);
        if (reversed) {
            List<Double> l = new ArrayList<>();
            for (double d : all) {
                l.add(d);
            }
            Collections.reverse(l);
            for (int i = 0; i < all.length; i++) {
                all[i] = l.get(i);
            }
        }
        double[][] out = new double[stages][n];
        for (int s = 0; s < stages; s++) {
            System.arraycopy(all, s * n, out[s], 0, n);
        }
        return out;
    }
}
