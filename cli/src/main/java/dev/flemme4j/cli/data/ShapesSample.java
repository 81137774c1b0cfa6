package dev.flemme4j.cli.data;

/**
 * One synthetic segmentation example: a {@code size × size} 8-bit grayscale image and its binary mask
 * (0 = background, 255 = shape), both row-major.
 */
public record ShapesSample(int size, byte[] image, byte[] mask) {

    public ShapesSample {
        if (image.length != size * size || mask.length != size * size) {
            throw new IllegalArgumentException("image and mask must both hold " + size + "×" + size + " pixels");
        }
    }

    /** Fraction of mask pixels that are foreground. */
    public double foregroundFraction() {
        int on = 0;
        for (byte b : mask) {
            if (b != 0) {
                on++;
            }
        }
        return (double) on / mask.length;
    }
}
