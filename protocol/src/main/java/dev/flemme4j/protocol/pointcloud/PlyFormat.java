package dev.flemme4j.protocol.pointcloud;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The vertex coordinates of a PLY file; the vertex element must come first (as meshes and scans write it). */
final class PlyFormat {
    private PlyFormat() {
    }

    static PointCloud read(Path file, byte[] bytes) throws IOException {
        int end = indexOf(bytes, "end_header");
        if (!new String(bytes, 0, Math.min(3, bytes.length), StandardCharsets.US_ASCII).equals("ply") || end < 0) {
            throw new IOException(file + ": not a PLY file (no 'ply' magic or no end_header)");
        }
        int body = end + "end_header".length();
        while (body < bytes.length && bytes[body] != '\n') {
            body++;
        }
        body++;
        String format = null;
        int vertices = -1;
        List<String[]> properties = new ArrayList<>();
        boolean inVertex = false;
        for (String line : new String(bytes, 0, end, StandardCharsets.US_ASCII).split("\\R")) {
            String[] t = line.strip().split("\\s+");
            switch (t[0]) {
                case "format" -> format = t[1];
                case "element" -> {
                    if (vertices >= 0 || !t[1].equals("vertex")) {
                        if (vertices < 0) {
                            throw new IOException(file + ": the vertex element must come first, found '" + t[1] + "'");
                        }
                        inVertex = false;
                    } else {
                        vertices = Integer.parseInt(t[2]);
                        inVertex = true;
                    }
                }
                case "property" -> {
                    if (inVertex) {
                        if (t[1].equals("list")) {
                            throw new IOException(file + ": list properties in the vertex element are not supported");
                        }
                        properties.add(new String[] {t[1], t[2]});
                    }
                }
                default -> {
                }
            }
        }
        int[] xyz = {find(properties, "x", file), find(properties, "y", file), find(properties, "z", file)};
        float[] values = new float[vertices * 3];
        if ("ascii".equals(format)) {
            String[] rows = new String(bytes, body, bytes.length - body, StandardCharsets.US_ASCII).strip().split("\\R");
            if (rows.length < vertices) {
                throw new IOException(file + ": " + vertices + " vertices declared, " + rows.length + " rows found");
            }
            for (int i = 0; i < vertices; i++) {
                String[] v = rows[i].strip().split("\\s+");
                for (int k = 0; k < 3; k++) {
                    values[i * 3 + k] = Float.parseFloat(v[xyz[k]]);
                }
            }
        } else if ("binary_little_endian".equals(format) || "binary_big_endian".equals(format)) {
            ByteBuffer b = ByteBuffer.wrap(bytes, body, bytes.length - body).slice()
                    .order(format.endsWith("little_endian") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            double[] row = new double[properties.size()];
            for (int i = 0; i < vertices; i++) {
                for (int p = 0; p < row.length; p++) {
                    row[p] = scalar(b, properties.get(p)[0], file);
                }
                for (int k = 0; k < 3; k++) {
                    values[i * 3 + k] = (float) row[xyz[k]];
                }
            }
        } else {
            throw new IOException(file + ": unsupported PLY format " + format);
        }
        return new PointCloud(values, vertices, 3);
    }

    private static double scalar(ByteBuffer b, String type, Path file) throws IOException {
        return switch (type) {
            case "char", "int8" -> b.get();
            case "uchar", "uint8" -> b.get() & 0xff;
            case "short", "int16" -> b.getShort();
            case "ushort", "uint16" -> b.getShort() & 0xffff;
            case "int", "int32" -> b.getInt();
            case "uint", "uint32" -> b.getInt() & 0xffffffffL;
            case "float", "float32" -> b.getFloat();
            case "double", "float64" -> b.getDouble();
            default -> throw new IOException(file + ": unknown PLY property type " + type);
        };
    }

    private static int find(List<String[]> properties, String name, Path file) throws IOException {
        for (int i = 0; i < properties.size(); i++) {
            if (properties.get(i)[1].equals(name)) {
                return i;
            }
        }
        throw new IOException(file + ": the vertex element has no '" + name + "' property");
    }

    private static int indexOf(byte[] bytes, String marker) {
        byte[] m = marker.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + m.length <= bytes.length; i++) {
            for (int j = 0; j < m.length; j++) {
                if (bytes[i + j] != m[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
