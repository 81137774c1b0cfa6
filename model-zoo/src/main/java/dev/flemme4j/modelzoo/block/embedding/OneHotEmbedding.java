package dev.flemme4j.modelzoo.block.embedding;

import dev.flemme4j.modelzoo.block.ChainBlock;
import dev.flemme4j.modelzoo.block.building.DenseBlock;
import dev.flemme4j.modelzoo.config.Activation;
import dev.flemme4j.modelzoo.config.StageChannels;

/**
 * Upstream OneHotEmbeddingBlock with {@code apply_onehot: false}: an already one-hot (or soft) class vector
 * {@code (B, classes) → (B, out)} through {@code Dense(classes → hidden, activation)} and
 * {@code Dense(hidden → out)}, {@code hidden} being the stage hidden width of (classes, out). Two classes are
 * one column, as upstream.
 */
public final class OneHotEmbedding extends ChainBlock {
    private final int classes;
    private final int out;

    public OneHotEmbedding(int numClasses, int out, Activation activation) {
        this.classes = numClasses == 2 ? 1 : numClasses;
        this.out = out;
        int hidden = StageChannels.hidden(classes, out);
        addChildBlock("dense1", new DenseBlock(null, classes, hidden, activation));
        addChildBlock("dense2", new DenseBlock(null, hidden, out, null));
    }

    @Override
    public String description() {
        return "OneHotEmbedding(" + classes + "→" + out + ")";
    }
}
