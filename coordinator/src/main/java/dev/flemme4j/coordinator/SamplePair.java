package dev.flemme4j.coordinator;

import java.nio.file.Path;

/**
 * One sample of a dataset, as its Flemme dataset finds it:
 * <ul>
 *   <li>ImgSegDataset / ImgReconDataset: an image file and its label (target) file;</li>
 *   <li>ImgClsDataset: an image file and its class index ({@code label} null);</li>
 *   <li>MNIST: record {@code recordIndex} of an IDX image file ({@code image}) and of its label file
 *       ({@code label}), whose class index is {@code classIndex}.</li>
 * </ul>
 */
public record SamplePair(Path image, Path label, int classIndex, int recordIndex) {
    public static final int NONE = -1;

    public SamplePair(Path image, Path label) {
        this(image, label, NONE, NONE);
    }

    public static SamplePair classified(Path image, int classIndex) {
        return new SamplePair(image, null, classIndex, NONE);
    }

    public static SamplePair idx(Path images, Path labels, int recordIndex, int classIndex) {
        return new SamplePair(images, labels, classIndex, recordIndex);
    }

    public boolean isIdxRecord() {
        return recordIndex != NONE;
    }

    public boolean hasClassIndex() {
        return classIndex != NONE;
    }

    /** The Kafka key of the sample's record: stable, readable, and unique within a split. */
    public String key(int index) {
        return isIdxRecord() ? index + "/" + image.getFileName() + "#" + recordIndex : index + "/" + image.getFileName();
    }
}
