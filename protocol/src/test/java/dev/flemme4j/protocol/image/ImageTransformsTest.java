package dev.flemme4j.protocol.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.protocol.model.Preprocessing;
import dev.flemme4j.protocol.tensor.NamedTensor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageTransformsTest {

    private final ImageCodec codec = ImageCodec.standard();

    static BufferedImage rgb(int w, int h, long seed) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt(1 << 24));
            }
        }
        return img;
    }

    @Test
    void toTensorIsChwScaledToUnitRange() {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0xFF8000);
        img.setRGB(1, 0, 0x0000FF);
        FloatImage t = FloatImage.fromImage(codec.decode(ImageCodec.encodePng(img)), 1 / 255.0);
        assertEquals(3, t.channels());
        assertArrayEquals(new float[] {1f, 0f, 128 / 255f, 0f, 0f, 1f}, t.data(), 1e-6f);
    }

    @Test
    void grayPngGivesOneChannelAndPaletteExpandsToRgb() throws Exception {
        BufferedImage gray = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(2, 1, 0, 200);
        FloatImage g = FloatImage.fromImage(codec.decode(ImageCodec.encodePng(gray)), 1 / 255.0);
        assertEquals(1, g.channels());
        assertEquals(200 / 255f, g.data()[5], 1e-6f);

        BufferedImage palette = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_INDEXED);
        palette.setRGB(1, 1, 0xFFFFFF);
        FloatImage p = FloatImage.fromImage(codec.decode(ImageCodec.encodePng(palette)), 1 / 255.0);
        assertEquals(3, p.channels());
        assertEquals(1f, p.data()[3], 1e-6f);
    }

    @Test
    void grayscaleUsesTorchvisionTensorWeights() {
        FloatImage rgb = new FloatImage(3, 1, 1, new float[] {1f, 0.5f, 0.25f});
        assertEquals(0.2989f + 0.587f * 0.5f + 0.114f * 0.25f, rgb.toGrayscale().data()[0], 1e-7f);
    }

    @Test
    void nearestResizeMatchesTorchInterpolateIndices() {
        // torch.nn.functional.interpolate(x, size=..., mode="nearest") source indices, worked by hand:
        // in 5 → out 3: scale 5/3 → floor(0, 1.667, 3.333) = 0, 1, 3
        assertArrayEquals(new int[] {0, 1, 3}, FloatImage.nearestIndices(5, 3));
        // in 3 → out 7: scale 3/7 → floor(0, .43, .86, 1.29, 1.71, 2.14, 2.57) = 0, 0, 0, 1, 1, 2, 2
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 2, 2}, FloatImage.nearestIndices(3, 7));
        assertArrayEquals(new int[] {0, 0, 1, 1}, FloatImage.nearestIndices(2, 4));

        FloatImage x = new FloatImage(1, 2, 3, new float[] {1, 2, 3, 4, 5, 6});
        FloatImage y = x.resizeNearest(4, 2);
        // rows 0,0,1,1 ; cols floor(0*1.5)=0, floor(1.5)=1
        assertArrayEquals(new float[] {1, 2, 1, 2, 4, 5, 4, 5}, y.data());
    }

    @Test
    void normalizeAndBinaryMask() {
        FloatImage x = new FloatImage(2, 1, 2, new float[] {0f, 1f, 0.5f, 0.25f});
        FloatImage n = x.normalize(new Preprocessing.Normalize(List.of(0.5, 0.25), List.of(0.5, 0.25)));
        assertArrayEquals(new float[] {-1f, 1f, 1f, 0f}, n.data(), 1e-6f);
        assertArrayEquals(new float[] {0f, 1f, 1f, 0f}, x.toBinaryMask(0.3f).data());
        assertArrayEquals(new float[] {0f, 1f, 0f, 0f}, x.toBinaryMask(0.5f).data(), "strictly greater than");
    }

    @Test
    void preprocessorAppliesFlemmeOrderAndShape() {
        BufferedImage img = rgb(10, 7, 1);
        Preprocessing spec = new Preprocessing(List.of(4, 6), 1, true, 1 / 255.0,
                new Preprocessing.Normalize(List.of(0.5), List.of(0.25)));
        FloatImage out = new ImagePreprocessor(spec).prepare(img);
        assertEquals(1, out.channels());
        assertEquals(4, out.height());
        assertEquals(6, out.width());
        // pixel (y=3, x=5) comes from source (floor(3*7/4)=5, floor(5*10/6)=8)
        int rgb = img.getRGB(8, 5);
        float r = ((rgb >> 16) & 255) / 255f;
        float g = ((rgb >> 8) & 255) / 255f;
        float b = (rgb & 255) / 255f;
        float expected = ((0.2989f * r + 0.587f * g + 0.114f * b) - 0.5f) / 0.25f;
        assertEquals(expected, out.data()[3 * 6 + 5], 1e-5f);
    }

    @Test
    void preprocessorRejectsColourForAGrayModelWithoutGrayscaleAndRepeatsGrayForColour() {
        Preprocessing noGray = new Preprocessing(List.of(4, 4), 1, false, 1 / 255.0, null);
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> new ImagePreprocessor(noGray).prepare(rgb(4, 4, 2)));
        assertTrue(e.getMessage().contains("3 channels, the model expects 1"), e.getMessage());
        Preprocessing colour = new Preprocessing(List.of(4, 4), 3, false, 1 / 255.0, null);
        assertEquals(3, new ImagePreprocessor(colour).prepare(new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY)).channels());
    }

    @Test
    void decodeRejectsGarbageTruncationAndBombsClearly() throws Exception {
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> codec.decode(new byte[] {1, 2, 3}));
        assertTrue(e.getMessage().contains("not a PNG or JPEG"), e.getMessage());
        byte[] png = ImageCodec.encodePng(rgb(32, 32, 3));
        assertThrows(ImageDecodeException.class, () -> codec.decode(java.util.Arrays.copyOf(png, png.length / 2)));
        e = assertThrows(ImageDecodeException.class, () -> ImageCodec.withMaxPixels(100).decode(png));
        assertTrue(e.getMessage().contains("over the limit of 100 pixels"), e.getMessage());

        ByteArrayOutputStream jpg = new ByteArrayOutputStream();
        ImageIO.write(rgb(16, 8, 4), "jpg", jpg);
        BufferedImage decoded = codec.decode(jpg.toByteArray());
        assertEquals(16, decoded.getWidth());
    }

    @Test
    void maskPngIsZeroOr255() {
        NamedTensor probs = NamedTensor.ofFloats("p", new long[] {1, 2, 2}, new float[] {0.1f, 0.9f, 0.5f, 0.51f});
        BufferedImage img = codec.decode(MaskPng.encode(probs, 0.5f));
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, img.getType());
        int[] px = img.getRaster().getPixels(0, 0, 2, 2, (int[]) null);
        assertArrayEquals(new int[] {0, 255, 0, 255}, px);
        NamedTensor bytes = NamedTensor.ofUint8("m", new long[] {2, 2}, new byte[] {1, 0, 0, 1});
        assertArrayEquals(new int[] {255, 0, 0, 255}, codec.decode(MaskPng.encode(bytes, 0.5f)).getRaster().getPixels(0, 0, 2, 2, (int[]) null));
        assertThrows(RuntimeException.class, () -> MaskPng.encode(NamedTensor.ofFloats("p", new long[] {2, 1, 1}, new float[2]), 0.5f));
    }

    @Test
    void gridTilesRowMajorWithGaps() {
        BufferedImage white = new FloatImage(1, 2, 3, new float[] {1, 1, 1, 1, 1, 1}).toBufferedImage();
        BufferedImage grid = ImageGrid.tile(List.of(white, white, white), 2, 1);
        assertEquals(2 * 3 + 1, grid.getWidth());
        assertEquals(2 * 2 + 1, grid.getHeight());
        assertEquals(0xFFFFFF, grid.getRGB(1, 3) & 0xFFFFFF, "third image, second row");
        assertEquals(0, grid.getRGB(3, 0) & 0xFFFFFF, "gap column");
        assertEquals(0, grid.getRGB(4, 4) & 0xFFFFFF, "empty fourth cell");
        assertTrue(ImageGrid.tilePng(List.of(white), 4, 0).length > 0);
    }
}
