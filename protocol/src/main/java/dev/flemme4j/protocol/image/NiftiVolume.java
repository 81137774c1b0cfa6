package dev.flemme4j.protocol.image;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * A single-file NIfTI-1 volume ({@code .nii}, or gzipped {@code .nii.gz}) as Flemme's {@code load_itk} gives it:
 * the voxels in file order as a {@code (D, H, W)} array, i.e. {@code (dim[3], dim[2], dim[1])} — SimpleITK's
 * {@code GetArrayFromImage} does not reorient, so neither do we — with {@code scl_slope}/{@code scl_inter}
 * applied as float32.
 *
 * <p>Only what datasets need is read: {@code sizeof_hdr} (which also tells the byte order), {@code dim},
 * {@code datatype}, {@code vox_offset}, {@code scl_slope}, {@code scl_inter} and the {@code n+1} magic. Orientation
 * (qform/sform) and spacing are not used by Flemme's datasets and are ignored.
 *
 * @param size {@code [D, H, W]}
 */
public record NiftiVolume(int[] size, float[] data) {

    static final int HEADER_SIZE = 348;
    private static final int NIFTI2_HEADER_SIZE = 540;
    /** Refuse headers that claim more voxels than a JVM array holds, before allocating anything. */
    private static final long MAX_VOXELS = Integer.MAX_VALUE - 8L;

    /** NIfTI-1 datatype codes the reader supports, with their byte widths. */
    enum DataType {
        UINT8(2, 1), INT16(4, 2), INT32(8, 4), FLOAT32(16, 4), FLOAT64(64, 8), INT8(256, 1), UINT16(512, 2),
        UINT32(768, 4);

        final int code;
        final int bytes;

        DataType(int code, int bytes) {
            this.code = code;
            this.bytes = bytes;
        }

        static DataType of(int code, String file) {
            for (DataType t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            throw new ImageDecodeException(file + ": NIfTI datatype " + code + " is not supported (supported: "
                    + Arrays.toString(values()) + ")");
        }
    }

    /** The header fields the reader uses. {@code size} is {@code [D, H, W]}. */
    public record Header(int[] size, DataType type, long voxOffset, float slope, float inter, ByteOrder order) {
        public long voxels() {
            return (long) size[0] * size[1] * size[2];
        }
    }

    public static boolean isNiftiName(String fileName) {
        return fileName.endsWith(".nii") || fileName.endsWith(".nii.gz");
    }

    /** Reads the whole volume; an unreadable or unsupported file gives an IOException naming it. */
    public static NiftiVolume read(Path file) throws IOException {
        try (InputStream in = open(file)) {
            Header h = header(in, file.toString());
            skipTo(in, h.voxOffset() - HEADER_SIZE, file);
            return new NiftiVolume(h.size(), voxels(in, h, file));
        } catch (ImageDecodeException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Reads the header only (decompressing just its first bytes), for validation. */
    public static Header readHeader(Path file) throws IOException {
        try (InputStream in = open(file)) {
            return header(in, file.toString());
        } catch (ImageDecodeException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        // recognised by content, as SimpleITK does: a .nii that is really gzipped still reads
        return b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
    }

    static Header header(InputStream in, String file) throws IOException {
        byte[] bytes = in.readNBytes(HEADER_SIZE);
        if (bytes.length < HEADER_SIZE) {
            throw new ImageDecodeException(file + " is not a NIfTI-1 file: only " + bytes.length + " bytes, the header alone is "
                    + HEADER_SIZE);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int sizeofHdr = b.getInt(0);
        if (sizeofHdr != HEADER_SIZE) {
            b.order(ByteOrder.BIG_ENDIAN);
            sizeofHdr = b.getInt(0);
        }
        if (sizeofHdr == NIFTI2_HEADER_SIZE) {
            throw new ImageDecodeException(file + " is NIfTI-2; only NIfTI-1 is supported");
        }
        if (sizeofHdr != HEADER_SIZE) {
            throw new ImageDecodeException(file + " is not a NIfTI-1 file (sizeof_hdr is neither 348 little- nor big-endian)");
        }
        String magic = new String(bytes, 344, 3, java.nio.charset.StandardCharsets.US_ASCII);
        if (magic.equals("ni1")) {
            throw new ImageDecodeException(file + " is the header of a .hdr/.img pair; only single-file NIfTI (.nii, .nii.gz) is supported");
        }
        if (!magic.equals("n+1")) {
            throw new ImageDecodeException(file + " has no NIfTI-1 magic 'n+1' (Analyze 7.5 files are not supported)");
        }
        int rank = b.getShort(40);
        if (rank < 1 || rank > 7) {
            throw new ImageDecodeException(file + ": dim[0] must be 1..7, got " + rank);
        }
        int[] dim = new int[8];
        for (int i = 1; i <= rank; i++) {
            dim[i] = b.getShort(40 + 2 * i);
            if (dim[i] < 1) {
                throw new ImageDecodeException(file + ": dim[" + i + "] must be positive, got " + dim[i]);
            }
        }
        for (int i = 4; i <= rank; i++) {
            if (dim[i] != 1) {
                throw new ImageDecodeException(file + " is " + rank + "-dimensional " + Arrays.toString(Arrays.copyOfRange(dim, 1, rank + 1))
                        + "; only 3D volumes are supported (dimensions beyond the third must be 1)");
            }
        }
        if (rank < 3) {
            throw new ImageDecodeException(file + " is " + rank + "-dimensional; a 3D volume needs dim[0] >= 3");
        }
        DataType type = DataType.of(b.getShort(70), file);
        float voxOffset = b.getFloat(108);
        // vox_offset 0 is allowed in old files; the data then start right after the 4-byte extension flag
        long offset = voxOffset == 0 ? HEADER_SIZE + 4 : (long) voxOffset;
        if (offset < HEADER_SIZE || !Float.isFinite(voxOffset)) {
            throw new ImageDecodeException(file + ": vox_offset " + voxOffset + " points inside the header");
        }
        Header h = new Header(new int[] {dim[3], dim[2], dim[1]}, type, offset, b.getFloat(112), b.getFloat(116), b.order());
        if (h.voxels() > MAX_VOXELS) {
            throw new ImageDecodeException(file + ": " + h.voxels() + " voxels is more than one volume can hold here");
        }
        return h;
    }

    private static void skipTo(InputStream in, long bytes, Path file) throws IOException {
        long left = bytes;
        while (left > 0) {
            long n = in.skip(left);
            if (n <= 0) {
                if (in.read() < 0) {
                    throw new IOException(file + " is truncated before its voxel data");
                }
                n = 1;
            }
            left -= n;
        }
    }

    private static float[] voxels(InputStream in, Header h, Path file) throws IOException {
        int n = (int) h.voxels();
        byte[] raw = in.readNBytes(Math.multiplyExact(n, h.type().bytes));
        if (raw.length < n * h.type().bytes) {
            throw new EOFException(file + " is truncated: " + raw.length + " voxel bytes, the header announces "
                    + (long) n * h.type().bytes);
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(h.order());
        // NIfTI: slope 0 (or not finite) means "no scaling"
        boolean scaled = h.slope() != 0 && Float.isFinite(h.slope());
        float slope = scaled ? h.slope() : 1f;
        float inter = scaled && Float.isFinite(h.inter()) ? h.inter() : 0f;
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            double v = switch (h.type()) {
                case UINT8 -> raw[i] & 0xff;
                case INT8 -> raw[i];
                case INT16 -> b.getShort(2 * i);
                case UINT16 -> b.getShort(2 * i) & 0xffff;
                case INT32 -> b.getInt(4 * i);
                case UINT32 -> b.getInt(4 * i) & 0xffffffffL;
                case FLOAT32 -> b.getFloat(4 * i);
                case FLOAT64 -> b.getDouble(8 * i);
            };
            out[i] = scaled ? (float) (v * slope + inter) : (float) v;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NiftiVolume v && Arrays.equals(size, v.size) && Arrays.equals(data, v.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(size) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "NiftiVolume" + Arrays.toString(size);
    }
}
