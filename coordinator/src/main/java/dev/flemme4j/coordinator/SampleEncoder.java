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
 * One image/label pair → the bytes of a data record {@code {"image": float32 [C,H,W], "label": float32 [1,H,W]}}:
 * decode both files, apply the split's transforms (data transforms to the image, effective label transforms to
 * the label), encode with the tensor record codec.
 */
public final class SampleEncoder {
    public static final String IMAGE = "image";
    public static final String LABEL = "label";

    private final ImageCodec codec = ImageCodec.standard();
    private final TensorRecordCodec records = TensorRecordCodec.standard();

    /** @throws JobRejection naming the file when it cannot be decoded or the label does not fit its image */
    public byte[] encode(SamplePair pair, DatasetPlan.Transforms transforms) {
        FloatImage image = SampleTransforms.apply(load(pair.image(), transforms.section()), transforms.data());
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

    private static NamedTensor tensor(String name, FloatImage x) {
        return NamedTensor.ofFloats(name, new long[] {x.channels(), x.height(), x.width()}, x.data());
    }
}
