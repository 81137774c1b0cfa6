package dev.flemme4j.protocol.transform;

/** A class index going through {@code class_label_transforms}: the index, then its one-hot vector once encoded. */
public final class ClassIndex {
    private int value;
    private float[] oneHot;

    ClassIndex(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    public void add(int offset) {
        value += offset;
    }

    public boolean encoded() {
        return oneHot != null;
    }

    public void encode(int numClasses) {
        oneHot = new float[numClasses];
        oneHot[value] = 1;
    }

    /** {@code [num_classes]} one-hot after ToOneHot, else {@code [index]}. */
    float[] result() {
        return oneHot != null ? oneHot : new float[] {value};
    }
}
