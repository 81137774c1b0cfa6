package dev.flemme4j.protocol.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Volume and slice operations. Reference values come from numpy 1.24 / torch 1.13 on Debian's /usr/bin/python3 with
 * {@code m = np.arange(24, dtype=np.float32).reshape(2, 3, 4)}:
 * {@code np.rot90(m, k, (1, 2))}, {@code np.flip(m, 0)},
 * {@code F.interpolate(torch.from_numpy(m)[None, None], size=[3, 2, 5], mode='nearest')} and
 * {@code (m - m.mean()) / np.std(m)}.
 */
class SpatialImageTest {
    private static SpatialImage volume() {
        float[] d = new float[24];
        for (int i = 0; i < d.length; i++) {
            d[i] = i;
        }
        return new SpatialImage(1, new int[] {2, 3, 4}, d);
    }

    private static float[] floats(double... v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    @Test
    void rot90TurnsTheLastTwoAxesAsNumpy() {
        SpatialImage r1 = volume().rot90(1);
        assertArrayEquals(new int[] {2, 4, 3}, r1.size());
        assertArrayEquals(floats(3, 7, 11, 2, 6, 10, 1, 5, 9, 0, 4, 8, 15, 19, 23, 14, 18, 22, 13, 17, 21, 12, 16, 20), r1.data());
        assertArrayEquals(floats(8, 4, 0, 9, 5, 1, 10, 6, 2, 11, 7, 3, 20, 16, 12, 21, 17, 13, 22, 18, 14, 23, 19, 15),
                volume().rot90(3).data());
        assertEquals(volume(), volume().rot90(2).rot90(2));
        assertEquals(volume(), volume().rot90(4));
    }

    @Test
    void rotateByNinetyDegreesIsRot90AndFillsFromOutside() {
        for (int side : new int[] {4, 5}) {
            float[] d = new float[2 * side * side];
            for (int i = 0; i < d.length; i++) {
                d[i] = i;
            }
            SpatialImage sq = new SpatialImage(2, new int[] {side, side}, d);
            assertEquals(sq.rot90(1), sq.rotate(90, -1), "side " + side);
            assertEquals(sq.rot90(3), sq.rotate(-90, -1), "side " + side);
            assertEquals(sq, sq.rotate(0, -1));
        }
        SpatialImage ones = new SpatialImage(1, new int[] {9, 9}, floats(java.util.stream.DoubleStream.generate(() -> 1).limit(81).toArray()));
        SpatialImage turned = ones.rotate(45, 7);
        assertEquals(7f, turned.data()[0], "a corner comes from outside the image");
        assertEquals(1f, turned.data()[4 * 9 + 4], "the centre stays");
        assertEquals(1f, turned.data()[4 * 9], "mid-edge pixels stay inside (|(−4, 0) turned 45°| < 4.5)");
    }

    @Test
    void flipMirrorsOneAxis() {
        assertArrayEquals(floats(12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11),
                volume().flip(0).data());
        assertEquals(volume(), volume().flip(2).flip(2));
        assertEquals(3f, volume().flip(2).data()[0]);
    }

    @Test
    void resizeNearestIsTorchInterpolateIn3D() {
        SpatialImage r = volume().resizeNearest(new int[] {3, 2, 5});
        assertArrayEquals(floats(0, 0, 1, 2, 3, 4, 4, 5, 6, 7, 0, 0, 1, 2, 3, 4, 4, 5, 6, 7, 12, 12, 13, 14, 15, 16, 16, 17,
                18, 19), r.data());
    }

    @Test
    void resizeIn2DAgreesWithFloatImage() {
        FloatImage img = new FloatImage(2, 3, 5, floats(java.util.stream.IntStream.range(0, 30).asDoubleStream().toArray()));
        assertEquals(SpatialImage.of(img.resizeNearest(7, 2)), SpatialImage.of(img).resizeNearest(new int[] {7, 2}));
    }

    @Test
    void standardizeIsAZScore() {
        float[] z = volume().standardize(false).data();
        assertArrayEquals(floats(-1.6613247394561768, -1.5168616771697998, -1.3723986148834229, -1.2279356718063354),
                java.util.Arrays.copyOf(z, 4), 1e-6f);
        SpatialImage two = SpatialImage.stack(List.of(volume(), volume().scale(10)));
        assertArrayEquals(two.standardize(true).data(), SpatialImage.stack(List.of(volume().standardize(false),
                volume().standardize(false))).data(), 1e-5f, "channelwise: each channel on its own");
    }

    @Test
    void labelsRelabelAndOneHot() {
        SpatialImage m = new SpatialImage(1, new int[] {1, 4}, floats(0, 4, 2.7, 4));
        assertArrayEquals(floats(0, 3, 2, 3), m.relabel(List.of(new int[] {4, 3})).data(), "BraTS' [[4, 3]], values truncated");
        assertArrayEquals(floats(-1, 3, 1, 3), m.addOffset(-1).data());
        assertArrayEquals(floats(0, 2, 1, 2), m.consecutiveLabels().data());
        SpatialImage oh = m.relabel(List.of(new int[] {4, 1})).oneHot(3);
        assertEquals(3, oh.channels());
        assertArrayEquals(floats(1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0), oh.data());
        SpatialImage binary = new SpatialImage(1, new int[] {1, 2}, floats(0, 1));
        assertEquals(binary, binary.oneHot(2), "Flemme keeps a binary mask as one channel for num_classes 2");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> m.oneHot(3)).getMessage().contains("4.0"));
    }

    @Test
    void modalitiesCombine() {
        SpatialImage a = volume();
        SpatialImage b = volume().scale(3);
        SpatialImage cat = SpatialImage.stack(List.of(a, b));
        assertEquals(2, cat.channels());
        assertEquals(3f * 5, cat.data()[24 + 5]);
        assertEquals(2f * 5, SpatialImage.combine(List.of(a, b), true).data()[5]);
        assertEquals(4f * 5, SpatialImage.combine(List.of(a, b), false).data()[5]);
        assertThrows(IllegalArgumentException.class, () -> SpatialImage.stack(List.of(a, a.rot90(1))));
    }

    @Test
    void grayscaleAndNormalizePerChannel() {
        SpatialImage rgb = new SpatialImage(3, new int[] {1, 1}, floats(1, 0.5, 0.25));
        assertEquals(0.2989f + 0.587f * 0.5f + 0.114f * 0.25f, rgb.grayscale(1).data()[0], 1e-6f);
        assertEquals(3, rgb.grayscale(3).channels());
        assertArrayEquals(floats(1, 0, -0.5), rgb.normalize(List.of(0.5, 0.5, 0.5), List.of(0.5, 0.5, 0.5)).data(), 1e-6f);
    }
}
