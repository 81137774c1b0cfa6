package dev.flemme4j.modelzoo.block;

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
