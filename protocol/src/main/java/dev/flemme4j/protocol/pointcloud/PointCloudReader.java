package dev.flemme4j.protocol.pointcloud;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the point-cloud files upstream's {@code load_pcd} accepts, by suffix: {@code .ply} (the vertex element's
 * x, y, z; ASCII, binary little- or big-endian), {@code .xyz}/{@code .pts} (whitespace-separated rows, every column
 * kept, as {@code np.loadtxt}) and {@code .npy} (a 2-D float32/float64/int array in C order). Errors name the file.
 */
public final class PointCloudReader {
    private PointCloudReader() {
    }

    public static PointCloud read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String suffix = name.substring(name.lastIndexOf('.') + 1);
        return switch (suffix) {
            case "ply" -> PlyFormat.read(file, Files.readAllBytes(file));
            case "xyz", "pts" -> text(file, Files.readString(file, StandardCharsets.UTF_8));
            case "npy" -> NpyFormat.read(file, Files.readAllBytes(file));
            default -> throw new IOException(file + ": unsupported point-cloud format ." + suffix + " (ply, xyz, pts or npy)");
        };
    }

    static PointCloud text(Path file, String content) throws IOException {
        List<float[]> rows = new ArrayList<>();
        int dims = -1;
        String[] lines = content.split("\\R");
        for (int l = 0; l < lines.length; l++) {
            String line = lines[l].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("[\\s,]+");
            if (dims < 0) {
                dims = parts.length;
            } else if (parts.length != dims) {
                throw new IOException(file + ":" + (l + 1) + ": " + parts.length + " columns, earlier rows have " + dims);
            }
            float[] row = new float[dims];
            for (int k = 0; k < dims; k++) {
                try {
                    row[k] = Float.parseFloat(parts[k]);
                } catch (NumberFormatException e) {
                    throw new IOException(file + ":" + (l + 1) + ": '" + parts[k] + "' is not a number", e);
                }
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new IOException(file + ": no points");
        }
        float[] values = new float[rows.size() * dims];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, values, i * dims, dims);
        }
        return new PointCloud(values, rows.size(), dims);
    }

    /** The NPY header: format version, then a Python dict literal with descr, fortran_order and shape. */
    static final class NpyFormat {
        private NpyFormat() {
        }

        static PointCloud read(Path file, byte[] bytes) throws IOException {
            if (bytes.length < 10 || (bytes[0] & 0xff) != 0x93 || !new String(bytes, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
                throw new IOException(file + ": not an NPY file");
            }
            int major = bytes[6];
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            int headerLength = major == 1 ? b.getShort(8) & 0xffff : b.getInt(8);
            int start = major == 1 ? 10 : 12;
            String header = new String(bytes, start, headerLength, StandardCharsets.US_ASCII);
            String descr = field(header, "descr").replace("'", "").strip();
            if (field(header, "fortran_order").strip().equals("True")) {
                throw new IOException(file + ": Fortran-ordered arrays are not supported");
            }
            String shape = field(header, "shape").replaceAll("[()\\s]", "");
            String[] dims = shape.split(",");
            if (dims.length != 2 || dims[1].isEmpty()) {
                throw new IOException(file + ": expected a 2-D array (points, dims), found shape (" + shape + ")");
            }
            int points = Integer.parseInt(dims[0]);
            int d = Integer.parseInt(dims[1]);
            ByteOrder order = descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            ByteBuffer data = ByteBuffer.wrap(bytes, start + headerLength, bytes.length - start - headerLength).slice().order(order);
            float[] values = new float[points * d];
            String type = descr.substring(1);
            for (int i = 0; i < values.length; i++) {
                values[i] = switch (type) {
                    case "f4" -> data.getFloat();
                    case "f8" -> (float) data.getDouble();
                    case "i4" -> data.getInt();
                    case "i8" -> data.getLong();
                    default -> throw new IOException(file + ": unsupported NPY dtype " + descr);
                };
            }
            return new PointCloud(values, points, d);
        }

        private static String field(String header, String key) throws IOException {
            int at = header.indexOf("'" + key + "'");
            if (at < 0) {
                throw new IOException("NPY header lacks " + key + ": " + header);
            }
            int colon = header.indexOf(':', at);
            int end = key.equals("shape") ? header.indexOf(')', colon) + 1 : header.indexOf(',', colon);
            return header.substring(colon + 1, end);
        }
    }
}
