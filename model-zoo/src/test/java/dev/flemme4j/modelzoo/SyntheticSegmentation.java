package dev.flemme4j.modelzoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/** A toy 2D task: noisy images with a bright disk; the target is the disk mask. */
final class SyntheticSegmentation {
    private final Random random;

    SyntheticSegmentation(long seed) {
        random = new Random(seed);
    }

    /** {@code [images (B,1,S,S), masks (B,1,S,S)]}. */
    NDArray[] batch(NDManager manager, int batch, int size) {
        float[] images = new float[batch * size * size];
        float[] masks = new float[batch * size * size];
        for (int b = 0; b < batch; b++) {
            double cy = size * (0.3 + 0.4 * random.nextDouble());
            double cx = size * (0.3 + 0.4 * random.nextDouble());
            double r = size * (0.1 + 0.15 * random.nextDouble());
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int i = (b * size + y) * size + x;
                    boolean inside = (y - cy) * (y - cy) + (x - cx) * (x - cx) < r * r;
                    masks[i] = inside ? 1f : 0f;
                    images[i] = (inside ? 1f : 0f) + 0.3f * (float) random.nextGaussian();
                }
            }
        }
        Shape shape = new Shape(batch, 1, size, size);
        return new NDArray[] {manager.create(images, shape), manager.create(masks, shape)};
    }
}
