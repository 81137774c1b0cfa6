package dev.flemme4j.coordinator;

import java.nio.file.Path;

/** One image and its label file, as ImgSegDataset pairs them. */
public record SamplePair(Path image, Path label) {
    /** The Kafka key of the sample's record: stable, readable, and unique within a split. */
    public String key(int index) {
        return index + "/" + image.getFileName();
    }
}
