package dev.flemme4j.protocol.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The NIfTI-1 reader against small synthetic volumes whose headers were written by hand with Python's struct and
 * whose expected voxels were read back by nibabel: {@code src/test/resources/nifti/make_fixtures.py}.
 */
class NiftiVolumeTest {
    @TempDir
    Path tmp;

    private static Path fixture(String name) {
        return Path.of("src/test/resources/nifti").resolve(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"le_uint8.nii", "be_int16_scaled.nii.gz", "le_float32_offset.nii", "be_float32.nii",
            "le_int16_slope0.nii", "le_uint16.nii.gz"})
    void readsWhatNibabelReads(String name) throws IOException {
        List<String> lines = Files.readAllLines(fixture(name.split("\\.")[0] + ".expected.txt"));
        int[] shape = Arrays.stream(lines.get(0).trim().split(" ")).mapToInt(Integer::parseInt).toArray();
        double[] expected = Arrays.stream(lines.get(1).trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
        NiftiVolume v = NiftiVolume.read(fixture(name));
        assertArrayEquals(shape, v.size(), "(D, H, W) = (dim[3], dim[2], dim[1])");
        assertArrayEquals(shape, NiftiVolume.readHeader(fixture(name)).size());
        assertEquals(expected.length, v.data().length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], v.data()[i], 1e-6 * Math.max(1, Math.abs(expected[i])), name + " voxel " + i);
        }
    }

    @Test
    void scalingIsAppliedOnlyWhenTheSlopeIsNonZero() throws IOException {
        // slope 0.5, inter -3 (see make_fixtures.py): every value is an int16 * 0.5 - 3, so (v + 3) * 2 is integral
        for (float f : NiftiVolume.read(fixture("be_int16_scaled.nii.gz")).data()) {
            assertEquals(Math.rint((f + 3) * 2), (f + 3) * 2, 1e-6);
        }
        // slope 0 with inter 7: raw values in [-5, 5)
        for (float f : NiftiVolume.read(fixture("le_int16_slope0.nii")).data()) {
            assertTrue(f >= -5 && f < 5, "inter ignored when slope is 0, got " + f);
        }
    }

    private Path withHeader(java.util.function.Consumer<ByteBuffer> edit) throws IOException {
        byte[] bytes = Files.readAllBytes(fixture("le_uint8.nii"));
        edit.accept(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        Path f = tmp.resolve("edited.nii");
        Files.write(f, bytes);
        return f;
    }

    @Test
    void unsupportedOrBrokenFilesAreNamedWithTheReason() throws IOException {
        Path rgb = withHeader(b -> b.putShort(70, (short) 128));
        assertTrue(assertThrows(IOException.class, () -> NiftiVolume.read(rgb)).getMessage().contains("datatype 128"));
        Path fourD = withHeader(b -> b.putShort(40, (short) 4).putShort(48, (short) 5));
        assertTrue(assertThrows(IOException.class, () -> NiftiVolume.read(fourD)).getMessage().contains("only 3D"));
        Path pair = withHeader(b -> b.put(344, (byte) 'n').put(345, (byte) 'i').put(346, (byte) '1'));
        assertTrue(assertThrows(IOException.class, () -> NiftiVolume.read(pair)).getMessage().contains(".hdr/.img"));
        Path notNifti = withHeader(b -> b.putInt(0, 1234));
        assertTrue(assertThrows(IOException.class, () -> NiftiVolume.read(notNifti)).getMessage().contains("sizeof_hdr"));
        byte[] whole = Files.readAllBytes(fixture("le_uint8.nii"));
        Path truncated = tmp.resolve("truncated.nii");
        Files.write(truncated, Arrays.copyOf(whole, whole.length - 5));
        IOException e = assertThrows(IOException.class, () -> NiftiVolume.read(truncated));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains(truncated.toString()), e.getMessage());
        assertArrayEquals(new int[] {2, 3, 4}, NiftiVolume.readHeader(truncated).size(), "the header alone is intact");
    }

    @Test
    void niftiNames() {
        assertTrue(NiftiVolume.isNiftiName("a.nii") && NiftiVolume.isNiftiName("a.nii.gz"));
        assertTrue(!NiftiVolume.isNiftiName("a.png") && !NiftiVolume.isNiftiName("a.nii.zip"));
    }
}
