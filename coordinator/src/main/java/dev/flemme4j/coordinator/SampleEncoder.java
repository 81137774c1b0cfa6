package dev.flemme4j.coordinator;

import dev.flemme4j.protocol.image.FloatImage;
import dev.flemme4j.protocol.image.ImageCodec;
import dev.flemme4j.protocol.image.ImageDecodeException;
import dev.flemme4j.protocol.model.Preprocessing;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecord;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;

/**
 * One sample → the bytes of a data record, encoded with the tensor record codec after the split's transforms:
 * <ul>
 *   <li>segmentation: {@code {"image": float32 [C,H,W], "label": float32 [1,H,W]}};</li>
 *   <li>reconstruction (ImgReconDataset): {@code {"image": [C,H,W], "label": the target [C',H,W]}};</li>
 *   <li>classification (ImgClsDataset, MNIST): {@code {"image": [C,H,W], "label": [K]}}, the class index after the
 *       class label transforms: one-hot {@code [num_classes]} after ToOneHot, else the index itself as {@code [1]}.</li>
 * </ul>
 */
public final class SampleEncoder {
    public static final String IMAGE = "image";
    public static final String LABEL = "label";

    private final ImageCodec codec = ImageCodec.standard();
    private final TensorRecordCodec records = TensorRecordCodec.standard();

    /** Decoded IDX files by path, the last few only (MNIST's training images are 47 MB). */
    private final java.util.Map<java.nio.file.Path, IdxFile> idx = new java.util.LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<java.nio.file.Path, IdxFile> eldest) {
            return size() > 2;
        }
    };

    /** @throws JobRejection naming the file when it cannot be decoded or the label does not fit its image */
    public byte[] encode(SamplePair pair, DatasetPlan.Transforms transforms) {
        if (pair.hasClassIndex()) {
            FloatImage raw = pair.isIdxRecord() ? idxImage(pair, transforms.section()) : load(pair.image(), transforms.section());
            FloatImage image = SampleTransforms.apply(raw, transforms.data());
            float[] label = SampleTransforms.classLabel(pair.classIndex(), transforms.classLabel(),
                    transforms.section() + ".class_label_transforms", pair.key(0));
            return records.encode(TensorRecord.of(tensor(IMAGE, image),
                    NamedTensor.ofFloats(LABEL, new long[] {label.length}, label)));
        }
        FloatImage image = SampleTransforms.apply(load(pair.image(), transforms.section()), transforms.data());
        if (transforms.reconstruction()) {
            FloatImage target = SampleTransforms.apply(load(pair.label(), transforms.section()), transforms.label());
            if (target.height() != image.height() || target.width() != image.width()) {
                throw new JobRejection(RejectReason.DATA, transforms.section() + ".target_transforms", "target "
                        + pair.label() + " is " + target.height() + "×" + target.width() + " after its transforms but image "
                        + pair.image() + " is " + image.height() + "×" + image.width());
            }
            return records.encode(TensorRecord.of(tensor(IMAGE, image), tensor(LABEL, target)));
        }
        FloatImage label = SampleTransforms.singleChannel(
                SampleTransforms.apply(load(pair.label(), transforms.section()), transforms.label()));
        if (label.height() != image.height() || label.width() != image.width()) {
            throw new JobRejection(RejectReason.DATA, transforms.section() + ".label_transforms", "label " + pair.label()
                    + " is " + label.height() + "×" + label.width() + " after its transforms but image " + pair.image()
                    + " is " + image.height() + "×" + image.width());
        }
        return records.encode(TensorRecord.of(tensor(IMAGE, image), tensor(LABEL, label)));
    }

    private FloatImage load(java.nio.file.Path file, String section) {
        try {
            BufferedImage img = codec.decode(Files.readAllBytes(file));
            // ToTensor scales 8-bit images to [0, 1] and leaves wider integer images as they are
            double scale = img.getColorModel().getComponentSize(0) <= 8 ? Preprocessing.TO_TENSOR_SCALE : 1.0;
            return FloatImage.fromImage(img, scale);
        } catch (IOException | ImageDecodeException e) {
            throw new JobRejection(RejectReason.DATA, section + ".dataset.data_path", "cannot read image " + file + ": "
                    + e.getMessage());
        }
    }

    /** One MNIST record as torchvision gives it after ToTensor: a 1-channel image scaled to [0, 1]. */
    private FloatImage idxImage(SamplePair pair, String section) {
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
            out[i] = (float) (file.unsigned(base + i) * Preprocessing.TO_TENSOR_SCALE);
        }
        return new FloatImage(1, h, w, out);
    }

    private static NamedTensor tensor(String name, FloatImage x) {
        return NamedTensor.ofFloats(name, new long[] {x.channels(), x.height(), x.width()}, x.data());
    }
}
