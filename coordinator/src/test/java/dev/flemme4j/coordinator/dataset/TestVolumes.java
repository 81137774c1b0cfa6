package dev.flemme4j.coordinator.dataset;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Small synthetic NIfTI-1 volumes for tests, written here (header by hand, float32, little-endian): the reader itself
 * is checked against nibabel in the protocol module's NiftiVolumeTest.
 */
public final class TestVolumes {
    private TestVolumes() {
    }

    /** Writes a float32 volume of {@code (D, H, W)} = {@code dhw}; voxel {@code (z, y, x)} is {@code data[(z·H + y)·W + x]}. */
    public static void write(Path file, int[] dhw, float[] data) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(352 + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 348);
        short[] dim = {3, (short) dhw[2], (short) dhw[1], (short) dhw[0], 1, 1, 1, 1};
        for (int i = 0; i < 8; i++) {
            b.putShort(40 + 2 * i, dim[i]);
        }
        b.putShort(70, (short) 16).putShort(72, (short) 32);
        for (int i = 0; i < 8; i++) {
            b.putFloat(76 + 4 * i, 1f);
        }
        b.putFloat(108, 352f);
        b.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1');
        for (int i = 0; i < data.length; i++) {
            b.putFloat(352 + 4 * i, data[i]);
        }
        Files.createDirectories(file.getParent());
        try (OutputStream out = file.toString().endsWith(".gz") ? new GZIPOutputStream(Files.newOutputStream(file))
                : Files.newOutputStream(file)) {
            out.write(b.array());
        }
    }

    /** A volume whose voxel values are {@code offset + index}. */
    public static float[] ramp(int[] dhw, float offset) {
        float[] d = new float[dhw[0] * dhw[1] * dhw[2]];
        for (int i = 0; i < d.length; i++) {
            d[i] = offset + i;
        }
        return d;
    }

    /** A SeM/UNet job for 3D volumes of {@code image_size [8, 16, 16]}; {@code loader} and {@code extra} verbatim. */
    public static String job(int inChannel, int outChannel, String loader, String extra) {
        return """
                mode: train
                model:
                  name: SeM
                  encoder:
                    name: UNet
                    image_size: [8, 16, 16]
                    in_channel: %d
                    out_channel: %d
                    patch_channel: 8
                    patch_size: 2
                    down_channels: [8, 16]
                    middle_channels: [32, 32]
                  segmentation_losses:
                    - name: Dice
                loader:
                %s
                optimizer:
                  name: Adam
                  lr: 0.001
                max_epoch: 1
                """.formatted(inChannel, outChannel, loader.indent(2).stripTrailing()) + extra;
    }
}
