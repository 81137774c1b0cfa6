package dev.flemme4j.coordinator.dataset;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Small on-disk ImgSegDataset folders for tests: {@code raw/*.png} images and {@code label/*.png} masks. */
public final class TestDatasets {
    private TestDatasets() {
    }

    public static Path segmentation(Path root, int count, int height, int width) throws IOException {
        Files.createDirectories(root.resolve("raw"));
        Files.createDirectories(root.resolve("label"));
        for (int i = 0; i < count; i++) {
            String name = String.format("case_%03d.png", i);
            write(root.resolve("raw").resolve(name), gray(height, width, i, false));
            write(root.resolve("label").resolve(name), gray(height, width, i, true));
        }
        return root;
    }

    public static BufferedImage gray(int height, int width, int seed, boolean mask) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int v = mask ? ((x + seed) % 4 == 0 ? 255 : 0) : (x * 7 + y * 3 + seed) % 256;
                img.getRaster().setSample(x, y, 0, v);
            }
        }
        return img;
    }

    public static BufferedImage rgb(int height, int width) {
        return new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    }

    public static void write(Path file, BufferedImage img) throws IOException {
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
    }

    /** A valid SeM/UNet job on {@code dataPath} with 32×32 gray inputs; {@code extra} is appended verbatim. */
    public static String job(String dataPath, String extra) {
        return """
                mode: train
                model:
                  name: SeM
                  encoder:
                    name: UNet
                    image_size: [32, 32]
                    in_channel: 1
                    out_channel: 1
                    patch_channel: 16
                    patch_size: 2
                    down_channels: [16, 32]
                    middle_channels: [64, 64]
                    normalization: batch
                  segmentation_losses:
                    - name: Dice
                loader:
                  dataset:
                    name: ImgSegDataset
                    data_path: %s
                  batch_size: 2
                  data_transforms:
                    - name: Resize
                      size: [32, 32]
                    - name: ToTensor
                optimizer:
                  name: Adam
                  lr: 0.001
                max_epoch: 2
                """.formatted(dataPath) + extra;
    }
}
