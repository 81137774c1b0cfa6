package dev.flemme4j.modelzoo.encoder.pointcloud;

/**
 * The base shape a folding decoder deforms ({@code base_shape_config}), as upstream builds it: {@code grid2d}, a
 * {@code width × height} grid of {@code ⌊√point_num⌋²} points in the plane, or {@code cylinder}, {@code 2⌊√P⌋} rings
 * of {@code ⌊P / 2⌊√P⌋⌋} points each along the {@code height_axis}.
 */
public record FoldingShape(String type, double width, double height, double radius, String heightAxis) {
    public static final FoldingShape GRID = new FoldingShape("grid2d", 1.0, 1.0, 0.15, "z");

    /** Coordinates per base point (the first fold reads them next to the codeword). */
    public int dim() {
        return type.equals("grid2d") ? 2 : 3;
    }

    /** Points of the shape for a decoder of {@code pointNum} points (its output size). */
    public int points(int pointNum) {
        if (type.equals("grid2d")) {
            int len = (int) Math.sqrt(pointNum);
            return len * len;
        }
        int len = (int) Math.sqrt(pointNum) * 2;
        return len * (pointNum / len);
    }

    /** Row-major {@code (points, dim)} coordinates, in upstream's order. */
    public float[] coordinates(int pointNum) {
        if (type.equals("grid2d")) {
            int len = (int) Math.sqrt(pointNum);
            float[] xs = linspace(-width / 2, width / 2, len);
            float[] ys = linspace(-height / 2, height / 2, len);
            float[] out = new float[2 * len * len];
            for (int i = 0; i < len; i++) {
                for (int j = 0; j < len; j++) {
                    out[2 * (i * len + j)] = xs[j];
                    out[2 * (i * len + j) + 1] = ys[i];
                }
            }
            return out;
        }
        int rings = (int) Math.sqrt(pointNum) * 2;
        int around = pointNum / rings;
        float[] z = linspace(-height / 2, height / 2, rings);
        float[] angle = linspace(-Math.PI, Math.PI, around);
        float[] out = new float[3 * rings * around];
        for (int zi = 0; zi < rings; zi++) {
            for (int a = 0; a < around; a++) {
                float x = (float) (radius * (float) Math.cos(angle[a]));
                float y = (float) (radius * (float) Math.sin(angle[a]));
                float[] p = switch (heightAxis) {
                    case "x" -> new float[] {z[zi], x, y};
                    case "y" -> new float[] {x, z[zi], y};
                    default -> new float[] {x, y, z[zi]};
                };
                System.arraycopy(p, 0, out, 3 * (zi * around + a), 3);
            }
        }
        return out;
    }

    /** numpy's linspace: {@code start + i·step}, the last value exactly {@code stop}, rounded to float. */
    private static float[] linspace(double start, double stop, int n) {
        float[] v = new float[n];
        double step = n > 1 ? (stop - start) / (n - 1) : 0;
        for (int i = 0; i < n; i++) {
            v[i] = (float) (i == n - 1 && n > 1 ? stop : start + i * step);
        }
        return v;
    }
}
