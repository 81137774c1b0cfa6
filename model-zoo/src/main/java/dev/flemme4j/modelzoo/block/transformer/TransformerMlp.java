package dev.flemme4j.modelzoo.block.transformer;

import dev.flemme4j.modelzoo.block.ActivationLayer;
import dev.flemme4j.modelzoo.block.ChainBlock;
import dev.flemme4j.modelzoo.block.DropoutLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's MultiLayerPerceptionBlock as transformer blocks build it: per width step a Linear (with bias),
 * the activation and dropout, the last step included ({@code final_activation} is on there).
 * {@code (B, in, *L) → (B, out, *L)}, hidden widths {@code int(in · ratio)}.
 */
public final class TransformerMlp extends ChainBlock {
    private final List<Integer> widths = new ArrayList<>();

    public TransformerMlp(TransformerBlockSettings s, int in, int out) {
        widths.add(in);
        for (double r : s.mlpHiddenRatios()) {
            widths.add((int) (in * r));
        }
        widths.add(out);
        for (int i = 0; i + 1 < widths.size(); i++) {
            addChildBlock("linear" + i, new ChannelLinear(s.dims(), widths.get(i), widths.get(i + 1), true));
            if (s.activation() != null) {
                addChildBlock("act" + i, new ActivationLayer(s.activation()));
            }
            if (s.dropout() > 0) {
                addChildBlock("dropout" + i, new DropoutLayer(s.dropout()));
            }
        }
    }

    @Override
    public String description() {
        return "Mlp(" + widths.stream().map(String::valueOf).reduce((a, b) -> a + "→" + b).orElse("") + ")";
    }
}
