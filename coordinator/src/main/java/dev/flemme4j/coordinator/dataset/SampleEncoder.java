package dev.flemme4j.coordinator.dataset;

import dev.flemme4j.coordinator.job.JobRejection;
import dev.flemme4j.coordinator.job.RejectReason;
import dev.flemme4j.protocol.image.SpatialImage;
import dev.flemme4j.protocol.model.Preprocessing;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecord;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One sample → the bytes of a data record, encoded with the tensor record codec after the split's transforms:
 * <ul>
 *   <li>segmentation: {@code {"image": float32 [C,H,W], "label": float32 [1,H,W]}} ({@code [K,H,W]} after ToOneHot;
 *       volumes have {@code [C,D,H,W]});</li>
 *   <li>reconstruction (ImgReconDataset): {@code {"image": [C,H,W], "label": the target [C',H,W]}};</li>
 *   <li>classification (ImgClsDataset, MNIST): {@code {"image": [C,H,W], "label": [K]}}, the class index after the
 *       class label transforms: one-hot {@code [num_classes]} after ToOneHot, else the index itself as {@code [1]}.</li>
 * </ul>
 */
public final class SampleEncoder {
    public static final String IMAGE = "image";
    public static final String LABEL = "label";

    private final TensorRecordCodec records = TensorRecordCodec.standard();
    private final PointSampleEncoder points = new PointSampleEncoder(records);

    /** Decoded IDX files by path, the last few only (MNIST's training images are 47 MB). */
    private final java.util.Map<java.nio.file.Path, IdxFile> idx = new java.util.LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<java.nio.file.Path, IdxFile> eldest) {
            return size() > 2;
        }
    };

    /** @throws JobRejection naming the file when it cannot be decoded or the label does not fit its image */
    public byte[] encode(SamplePair pair, DatasetPlan.Transforms transforms) {
        String section = transforms.section();
        AugmentationDraws draws = transforms.drawsFor(pair);
        if (transforms.pointCloud()) {
            return points.encode(pair, transforms, draws);
        }
        String dataKey = section + ".data_transforms";
        if (pair.hasClassIndex()) {
            SampleFile raw = pair.isIdxRecord() ? idxImage(pair, section) : load(pair.image(), section);
            SpatialImage image = SampleTransforms.apply(raw, transforms.data(), draws, dataKey, pair.image().toString());
            float[] label = SampleTransforms.classLabel(pair.classIndex(), transforms.classLabel(),
                    section + ".class_label_transforms", pair.key(0));
            return records.encode(TensorRecord.of(tensor(IMAGE, image),
                    NamedTensor.ofFloats(LABEL, new long[] {label.length}, label)));
        }
        SpatialImage image = SampleTransforms.apply(loadImage(pair, transforms), transforms.data(), draws, dataKey,
                pair.image().toString());
        String word = transforms.reconstruction() ? "target" : "label";
        String labelKey = section + "." + word + "_transforms";
        SampleFile labelFile = load(pair.label(), section);
        if (!transforms.reconstruction()) {
            // a label map is one channel before its transforms (ToOneHot may then make it several)
            labelFile = new SampleFile(SampleTransforms.singleChannel(labelFile.image()), labelFile.toTensorScale());
        }
        SpatialImage label = SampleTransforms.apply(labelFile, transforms.label(), draws.fresh(), labelKey,
                pair.label().toString());
        if (!java.util.Arrays.equals(label.size(), image.size())) {
            throw new JobRejection(RejectReason.DATA, labelKey, word + " " + pair.label() + " is "
                    + java.util.Arrays.toString(label.size()) + " after its transforms but image " + pair.image() + " is "
                    + java.util.Arrays.toString(image.size()));
        }
        return records.encode(TensorRecord.of(tensor(IMAGE, image), tensor(LABEL, label)));
    }

    /** The image of a sample; a MultiModalityImgSegDataset's modalities combined as its {@code data_combine} says. */
    private SampleFile loadImage(SamplePair pair, DatasetPlan.Transforms transforms) {
        String section = transforms.section();
        if (pair.otherModalities().isEmpty()) {
            return load(pair.image(), section);
        }
        List<SpatialImage> parts = new ArrayList<>();
        double scale = 1.0;
        for (Path file : pair.imageFiles()) {
            SampleFile f = load(file, section);
            parts.add(f.image());
            // modalities of one sample share one file kind; the first decides how ToTensor scales the combination
            scale = parts.size() == 1 ? f.toTensorScale() : scale;
        }
        String combine = transforms.modalityCombine();
        try {
            SpatialImage combined = combine.equals("cat") ? SpatialImage.stack(parts)
                    : SpatialImage.combine(parts, combine.equals("mean"));
            return new SampleFile(combined, scale);
        } catch (IllegalArgumentException e) {
            throw new JobRejection(RejectReason.DATA, section + ".dataset.data_combine", "cannot combine the modalities of "
                    + pair.image() + ": " + e.getMessage());
        }
    }

    private SampleFile load(Path file, String section) {
        try {
            return SampleFile.read(file);
        } catch (IOException e) {
            throw new JobRejection(RejectReason.DATA, section + ".dataset.data_path", "cannot read image " + file + ": "
                    + e.getMessage());
        }
    }

    /** One MNIST record as torchvision reads it: a 1-channel 8-bit image (ToTensor scales it to [0, 1]). */
    private SampleFile idxImage(SamplePair pair, String section) {
        IdxFile file;
        synchronized (idx) {
            file = idx.get(pair.image());
            if (file == null) {
                try {
                    file = IdxFile.read(pair.image());
                } catch (IOException e) {
                    throw new JobRejection(RejectReason.DATA, section + ".dataset.data_path", "cannot read " + pair.image()
                            + ": " + e.getMessage());
                }
                idx.put(pair.image(), file);
            }
        }
        int h = file.dims()[1];
        int w = file.dims()[2];
        int per = h * w;
        float[] out = new float[per];
        int base = pair.recordIndex() * per;
        for (int i = 0; i < per; i++) {
            out[i] = file.unsigned(base + i);
        }
        return new SampleFile(new SpatialImage(1, new int[] {h, w}, out), Preprocessing.TO_TENSOR_SCALE);
    }

    private static NamedTensor tensor(String name, SpatialImage x) {
        return NamedTensor.ofFloats(name, x.shape(), x.data());
    }
}
