package dev.flemme4j.coordinator.dataset;

import dev.flemme4j.protocol.image.FloatImage;
import dev.flemme4j.protocol.image.ImageCodec;
import dev.flemme4j.protocol.image.ImageDecodeException;
import dev.flemme4j.protocol.image.NiftiVolume;
import dev.flemme4j.protocol.image.SpatialImage;
import dev.flemme4j.protocol.model.Preprocessing;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One decoded dataset file as Flemme's loaders hand it to the transforms: a PNG/JPEG's raw sample values
 * ({@code load_img_as_numpy}) or a NIfTI volume's voxels ({@code load_itk}), plus the factor ToTensor will scale it by
 * (1/255 for 8-bit images, which torchvision's ToTensor scales; 1 for wider images and for volumes, which Flemme's
 * 3D ToTensor only converts).
 */
record SampleFile(SpatialImage image, double toTensorScale) {

    private static final ImageCodec CODEC = ImageCodec.standard();

    static SampleFile read(Path file) throws IOException {
        if (NiftiVolume.isNiftiName(file.getFileName().toString())) {
            return new SampleFile(SpatialImage.of(NiftiVolume.read(file)), 1.0);
        }
        try {
            BufferedImage img = CODEC.decode(Files.readAllBytes(file));
            double scale = img.getColorModel().getComponentSize(0) <= 8 ? Preprocessing.TO_TENSOR_SCALE : 1.0;
            return new SampleFile(SpatialImage.of(FloatImage.fromImage(img, 1.0)), scale);
        } catch (ImageDecodeException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
