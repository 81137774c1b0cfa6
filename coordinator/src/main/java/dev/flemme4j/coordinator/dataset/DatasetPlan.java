package dev.flemme4j.coordinator.dataset;

import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.spec.TransformSpec;
import java.util.List;

/**
 * What to stream into the data topics for a job: the samples of each split and the transforms that turn a
 * pair of files into a record. {@code datasetId} names the topics, so equal plans share one ingestion.
 */
public record DatasetPlan(String datasetId, List<SamplePair> train, List<SamplePair> val, Transforms trainTransforms,
        Transforms valTransforms) {

    /**
     * The transforms of one split: data transforms for the image, effective label (or target) transforms for the
     * label, class label transforms for a class index; {@code reconstruction} keeps the target's channels.
     *
     * @param section     the loader they come from ({@code loader} / {@code val_loader}), to name faults
     * @param modalityCombine MultiModalityImgSegDataset's {@code data_combine}; null for one-file images
     * @param augment     whether random transforms run (training samples) or are skipped (validation samples)
     * @param augmentSeed with the sample's path, fixes the draws of its random transforms
     * @param pointCloud  the samples are point clouds (a Pcd*Dataset), encoded {@code (N, C)}
     */
    public record Transforms(String section, List<TransformSpec> data, List<TransformSpec> label,
            List<TransformSpec> classLabel, boolean reconstruction, String modalityCombine, boolean augment,
            long augmentSeed, boolean pointCloud) {
        public Transforms {
            classLabel = classLabel == null ? List.of() : List.copyOf(classLabel);
        }

        public Transforms(String section, List<TransformSpec> data, List<TransformSpec> label,
                List<TransformSpec> classLabel, boolean reconstruction, String modalityCombine, boolean augment,
                long augmentSeed) {
            this(section, data, label, classLabel, reconstruction, modalityCombine, augment, augmentSeed, false);
        }

        public Transforms(String section, List<TransformSpec> data, List<TransformSpec> label) {
            this(section, data, label, List.of(), false, null, false, 0);
        }

        /** The same transforms with random ones skipped: validation samples split off the training loader. */
        public Transforms withoutAugmentation() {
            return new Transforms(section, data, label, classLabel, reconstruction, modalityCombine, false, augmentSeed,
                    pointCloud);
        }

        public boolean hasRandom() {
            return data.stream().anyMatch(TransformSpec::isRandom);
        }

        AugmentationDraws drawsFor(SamplePair pair) {
            return augment && hasRandom() ? AugmentationDraws.forSample(augmentSeed, pair.image().toString())
                    : AugmentationDraws.NONE;
        }
    }

    public String trainTopic() {
        return Topics.data(datasetId, "train");
    }

    /** Null when the job has no validation split. */
    public String valTopic() {
        return val.isEmpty() ? null : Topics.data(datasetId, "val");
    }
}
