package dev.flemme4j.protocol.pointcloud;

import java.util.Locale;

/** Writes point clouds as ASCII PLY (a vertex element with float x, y, z and any further dims as d3, d4, ...). */
public final class PlyWriter {
    public static final String MEDIA_TYPE = "application/x-ply";

    private PlyWriter() {
    }

    public static String ascii(PointCloud cloud) {
        if (cloud.dims() < 3) {
            throw new IllegalArgumentException("a PLY vertex needs x, y and z; the cloud has " + cloud.dims() + " dims");
        }
        StringBuilder sb = new StringBuilder(64 + cloud.points() * cloud.dims() * 12);
        sb.append("ply\nformat ascii 1.0\ncomment flemme4j sample\nelement vertex ").append(cloud.points()).append('\n');
        String[] names = {"x", "y", "z"};
        for (int d = 0; d < cloud.dims(); d++) {
            sb.append("property float ").append(d < 3 ? names[d] : "d" + d).append('\n');
        }
        sb.append("end_header\n");
        for (int p = 0; p < cloud.points(); p++) {
            for (int d = 0; d < cloud.dims(); d++) {
                sb.append(d == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.6g", cloud.get(p, d)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
