package dev.flemme4j.modelzoo.block.embedding;

import dev.flemme4j.modelzoo.block.ChainBlock;
import dev.flemme4j.modelzoo.block.NetworkBlock;

/** The encoder's image projection followed by the absolute position embedding. */
public final class PatchEmbedding extends ChainBlock {
    public PatchEmbedding(NetworkBlock projection, AbsolutePositionEmbedding position) {
        addChildBlock("proj", projection);
        addChildBlock("pos", position);
    }

    @Override
    public String description() {
        return "PatchEmbedding";
    }
}
