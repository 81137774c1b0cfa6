package dev.flemme4j.protocol.transform;

import dev.flemme4j.protocol.image.SpatialImage;

/**
 * One image going through a transform list: the draws, ToTensor's state and where in the list it is. ToTensor
 * scales 8-bit data where it stands unless a value transform came first (torchvision only scales data that is
 * still 8-bit); a list without ToTensor is scaled up front.
 */
public final class ImagePass {
    private final Draws draws;
    private final double toTensorScale;
    private final String sample;
    private boolean scaled;
    private boolean valuesChanged;
    private String path;
    private int index;

    ImagePass(Draws draws, double toTensorScale, boolean scaled, String sample) {
        this.draws = draws;
        this.toTensorScale = toTensorScale;
        this.scaled = scaled;
        this.sample = sample;
    }

    public Draws draws() {
        return draws;
    }

    /** ToTensor's scaling, applied at most once and not after a value transform. */
    public SpatialImage toTensor(SpatialImage x) {
        SpatialImage y = scaled || valuesChanged ? x : x.scale(toTensorScale);
        scaled = true;
        return y;
    }

    /** YAML path of the transform being applied. */
    public String path() {
        return path;
    }

    /** Whether the transform being applied is the first of its list. */
    public boolean first() {
        return index == 0;
    }

    /** The sample's file, for messages. */
    public String sample() {
        return sample;
    }

    void at(String path, int index) {
        this.path = path;
        this.index = index;
    }

    void after(Transform t) {
        valuesChanged |= t.changesValueType();
    }
}
