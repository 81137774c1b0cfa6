package dev.flemme4j.coordinator.dataset;

import java.nio.file.Path;
import java.util.List;

/**
 * One sample of a dataset, as its Flemme dataset finds it:
 * <ul>
 *   <li>ImgSegDataset / ImgReconDataset: an image file and its label (target) file;</li>
 *   <li>ImgClsDataset: an image file and its class index ({@code label} null);</li>
 *   <li>MNIST: record {@code recordIndex} of an IDX image file ({@code image}) and of its label file
 *       ({@code label}), whose class index is {@code classIndex};</li>
 *   <li>MultiModalityImgSegDataset: the first modality's file ({@code image}), the other modalities' files in
 *       {@code data_dir} order ({@code otherModalities}) and the label file.</li>
 * </ul>
 */
public record SamplePair(Path image, Path label, int classIndex, int recordIndex, List<Path> otherModalities) {
    public static final int NONE = -1;

    public SamplePair {
        otherModalities = otherModalities == null ? List.of() : List.copyOf(otherModalities);
    }

    public SamplePair(Path image, Path label) {
        this(image, label, NONE, NONE, List.of());
    }

    public static SamplePair classified(Path image, int classIndex) {
        return new SamplePair(image, null, classIndex, NONE, List.of());
    }

    public static SamplePair idx(Path images, Path labels, int recordIndex, int classIndex) {
        return new SamplePair(images, labels, classIndex, recordIndex, List.of());
    }

    public static SamplePair modalities(List<Path> modalityFiles, Path label) {
        return new SamplePair(modalityFiles.get(0), label, NONE, NONE, modalityFiles.subList(1, modalityFiles.size()));
    }

    /** Every image file of the sample: the image, then the other modalities. */
    public List<Path> imageFiles() {
        List<Path> all = new java.util.ArrayList<>();
        all.add(image);
        all.addAll(otherModalities);
        return all;
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
