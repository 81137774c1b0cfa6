package dev.flemme4j.coordinator.dataset;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * An IDX file (the format of the original MNIST files): a magic number {@code 0x0000 type rank}, {@code rank}
 * big-endian int32 dimensions, then the values. Only unsigned bytes ({@code 0x08}) are supported, which is what
 * MNIST uses. Gzipped files (as distributed) are recognised by their magic bytes, whatever their name.
 */
public record IdxFile(int[] dims, byte[] data) {
    private static final int UBYTE = 0x08;

    public static IdxFile read(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
            DataInputStream d = new DataInputStream(new BufferedInputStream(in, 1 << 16));
            int[] dims = header(d, file);
            long n = 1;
            for (int x : dims) {
                n *= x;
            }
            if (n > Integer.MAX_VALUE - 8) {
                throw new IOException(file + ": IDX payload of " + n + " values is too large");
            }
            byte[] data = new byte[(int) n];
            d.readFully(data);
            return new IdxFile(dims, data);
        } catch (java.io.EOFException e) {
            throw new IOException(file + " is truncated (fewer values than its header announces)", e);
        }
    }

    /** Reads only the header (and checks the file is long enough is left to {@link #read}). */
    public static int[] readDims(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw) : raw;
            return header(new DataInputStream(in), file);
        } catch (java.io.EOFException e) {
            throw new IOException(file + " is truncated", e);
        }
    }

    private static int[] header(DataInputStream d, Path file) throws IOException {
        int magic = d.readInt();
        int type = (magic >> 8) & 0xff;
        int rank = magic & 0xff;
        if ((magic >>> 16) != 0 || rank < 1 || rank > 4) {
            throw new IOException(file + " is not an IDX file (magic " + Integer.toHexString(magic) + ")");
        }
        if (type != UBYTE) {
            throw new IOException(file + ": IDX value type 0x" + Integer.toHexString(type)
                    + " is not supported (only unsigned bytes, as MNIST)");
        }
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = d.readInt();
            if (dims[i] < 0) {
                throw new IOException(file + ": negative IDX dimension " + dims[i]);
            }
        }
        return dims;
    }

    /** Number of records (the first dimension). */
    public int count() {
        return dims[0];
    }

    /** Values per record. */
    public int recordSize() {
        int n = 1;
        for (int i = 1; i < dims.length; i++) {
            n *= dims[i];
        }
        return n;
    }

    public int unsigned(int index) {
        return data[index] & 0xff;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxFile f && Arrays.equals(dims, f.dims) && Arrays.equals(data, f.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(dims) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "IdxFile" + Arrays.toString(dims);
    }
}
