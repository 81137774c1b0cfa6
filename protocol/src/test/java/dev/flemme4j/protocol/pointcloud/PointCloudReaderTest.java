package dev.flemme4j.protocol.pointcloud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readers on files written by numpy (NPY fixtures) or by hand here (PLY ASCII/binary, XYZ), and the transforms. */
class PointCloudReaderTest {
    private static final float[] EXPECTED = {-1, -0.5f, 0, 0.5f, 1, 1.5f, 2, 2.5f, 3, 3.5f, 4, 4.5f};

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(PointCloudReaderTest.class.getResource("/pointcloud/" + name).toURI());
    }

    @Test
    void npyWrittenByNumpy() throws Exception {
        for (String f : new String[] {"cloud_f4.npy", "cloud_f8.npy"}) {
            PointCloud c = PointCloudReader.read(resource(f));
            assertEquals(4, c.points());
            assertEquals(3, c.dims());
            assertArrayEquals(EXPECTED, c.values(), f);
        }
        IOException e = assertThrows(IOException.class, () -> PointCloudReader.read(resource("cloud_1d.npy")));
        assertTrue(e.getMessage().contains("2-D"), e.getMessage());
    }

    @Test
    void plyAsciiAndBinaryWithExtraProperties(@TempDir Path dir) throws IOException {
        String header = "ply\nformat %s 1.0\ncomment made by hand\nelement vertex 4\nproperty float x\nproperty float y\n"
                + "property float z\nproperty uchar red\nelement face 0\nproperty list uchar int vertex_indices\nend_header\n";
        StringBuilder ascii = new StringBuilder(String.format(header, "ascii"));
        for (int i = 0; i < 4; i++) {
            ascii.append(EXPECTED[3 * i]).append(' ').append(EXPECTED[3 * i + 1]).append(' ').append(EXPECTED[3 * i + 2]).append(" 200\n");
        }
        Path a = dir.resolve("a.ply");
        Files.writeString(a, ascii);
        assertArrayEquals(EXPECTED, PointCloudReader.read(a).values());
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            byte[] head = String.format(header, order == ByteOrder.LITTLE_ENDIAN ? "binary_little_endian" : "binary_big_endian")
                    .getBytes(StandardCharsets.US_ASCII);
            ByteBuffer b = ByteBuffer.allocate(head.length + 4 * 13).order(order);
            b.put(head);
            for (int i = 0; i < 4; i++) {
                b.putFloat(EXPECTED[3 * i]).putFloat(EXPECTED[3 * i + 1]).putFloat(EXPECTED[3 * i + 2]).put((byte) 200);
            }
            Path p = dir.resolve("b" + order + ".ply");
            Files.write(p, b.array());
            assertArrayEquals(EXPECTED, PointCloudReader.read(p).values(), order.toString());
        }
    }

    @Test
    void xyzAndPtsKeepEveryColumnAndNameBadRows(@TempDir Path dir) throws IOException {
        Path x = dir.resolve("c.xyz");
        Files.writeString(x, "# comment\n1 2 3 9\n4 5 6 8\n\n");
        PointCloud c = PointCloudReader.read(x);
        assertEquals(2, c.points());
        assertEquals(4, c.dims());
        assertArrayEquals(new float[] {1, 2, 3, 9, 4, 5, 6, 8}, c.values());
        Path bad = dir.resolve("d.pts");
        Files.writeString(bad, "1 2 3\n4 5\n");
        IOException e = assertThrows(IOException.class, () -> PointCloudReader.read(bad));
        assertTrue(e.getMessage().contains("d.pts:2"), e.getMessage());
        IOException suffix = assertThrows(IOException.class, () -> PointCloudReader.read(dir.resolve("e.obj")));
        assertTrue(suffix.getMessage().contains(".obj"), suffix.getMessage());
    }

    @Test
    void transforms() {
        PointCloud c = new PointCloud(EXPECTED.clone(), 4, 3);
        // minmax centre (1.25, 1.75, 2.25), largest |offset| 2.25 in every column
        PointCloud n = PointCloudTransforms.normalize(c, PointCloudTransforms.Centre.MINMAX);
        assertEquals(-1, n.get(0, 0), 1e-6);
        assertEquals(1, n.get(3, 2), 1e-6);
        assertEquals((2 - 1.25) / 2.25, n.get(2, 0), 1e-6);
        PointCloud one = PointCloudTransforms.normalize(new PointCloud(new float[] {5, 5, 5}, 1, 3), PointCloudTransforms.Centre.MEAN);
        assertArrayEquals(new float[] {0, 0, 0}, one.values());

        Random r = new Random(1);
        PointCloud s = PointCloudTransforms.shuffle(c, r);
        assertEquals(4, s.points());
        float sum = 0;
        for (float v : s.values()) {
            sum += v;
        }
        assertEquals(21f, sum, 1e-5);
        PointCloud up = PointCloudTransforms.fixedPoints(c, 10, false, r);
        int[] seen = new int[4];
        for (int i = 0; i < 10; i++) {
            seen[(int) ((up.get(i, 0) + 1) / 1.5f)]++;
        }
        // without replacement duplicates are kept to a minimum: every point 2 or 3 times
        for (int v : seen) {
            assertTrue(v == 2 || v == 3, java.util.Arrays.toString(seen));
        }
        assertEquals(7, PointCloudTransforms.fixedPoints(c, 7, true, r).points());
    }
}
