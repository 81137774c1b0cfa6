package dev.flemme4j.cli.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * A synthetic 3D segmentation dataset: cubic float32 volumes with one bright ball of random centre and radius on a
 * noisy background, and the ball's binary mask as the label. Both are written as gzipped single-file NIfTI-1
 * ({@code raw/case_NN.nii.gz}, {@code label/case_NN_seg.nii.gz}) with a hand-built little-endian 348-byte header
 * carrying only what the protocol module's NiftiVolume reader needs.
 */
final class SyntheticBallVolumes {
    private static final int HEADER_SIZE = 348;
    /** Header, then the 4-byte "no extensions" flag, then the voxels. */
    private static final int VOX_OFFSET = HEADER_SIZE + 4;
    private static final short FLOAT32 = 16;

    private SyntheticBallVolumes() {
    }

    static void write(Path root, int count, int side, long seed) throws IOException {
        Random rnd = new Random(seed);
        for (int i = 0; i < count; i++) {
            float[] image = new float[side * side * side];
            float[] label = new float[image.length];
            double radius = side / 6.0 + rnd.nextDouble() * side / 8.0;
            double cz = radius + rnd.nextDouble() * (side - 2 * radius);
            double cy = radius + rnd.nextDouble() * (side - 2 * radius);
            double cx = radius + rnd.nextDouble() * (side - 2 * radius);
            for (int z = 0; z < side; z++) {
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        double d2 = sq(z + 0.5 - cz) + sq(y + 0.5 - cy) + sq(x + 0.5 - cx);
                        boolean inside = d2 <= radius * radius;
                        int v = (z * side + y) * side + x;
                        label[v] = inside ? 1f : 0f;
                        image[v] = (inside ? 0.8f : 0.1f) + (float) (rnd.nextGaussian() * 0.1);
                    }
                }
            }
            String name = String.format("case_%02d", i);
            writeNifti(root.resolve("raw").resolve(name + ".nii.gz"), side, image);
            writeNifti(root.resolve("label").resolve(name + "_seg.nii.gz"), side, label);
        }
    }

    private static double sq(double v) {
        return v * v;
    }

    /** A cube of float32 voxels in (z, y, x) order, i.e. NIfTI's dim[1] = x varies fastest. */
    private static void writeNifti(Path file, int side, float[] voxels) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(VOX_OFFSET + 4 * voxels.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, HEADER_SIZE);
        short[] dim = {3, (short) side, (short) side, (short) side, 1, 1, 1, 1};
        for (int i = 0; i < dim.length; i++) {
            b.putShort(40 + 2 * i, dim[i]);
        }
        b.putShort(70, FLOAT32);
        b.putShort(72, (short) 32); // bitpix
        for (int i = 0; i < 8; i++) {
            b.putFloat(76 + 4 * i, 1f); // pixdim: unit spacing
        }
        b.putFloat(108, VOX_OFFSET);
        b.putFloat(112, 1f); // scl_slope
        b.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1');
        for (int i = 0; i < voxels.length; i++) {
            b.putFloat(VOX_OFFSET + 4 * i, voxels[i]);
        }
        Files.createDirectories(file.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(b.array());
        }
    }
}
