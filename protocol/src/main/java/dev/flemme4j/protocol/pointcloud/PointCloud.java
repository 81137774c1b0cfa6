package dev.flemme4j.protocol.pointcloud;

/**
 * A cloud of {@code points} rows of {@code dims} values each, row-major in {@code values} (coordinates first,
 * then any per-point features).
 */
public record PointCloud(float[] values, int points, int dims) {
    public PointCloud {
        if (points < 0 || dims <= 0 || values.length != (long) points * dims) {
            throw new IllegalArgumentException(values.length + " values do not make " + points + " points of " + dims);
        }
    }

    public float get(int point, int dim) {
        return values[point * dims + dim];
    }

    /** The rows {@code order[0], order[1], …} of this cloud. */
    public PointCloud select(int[] order) {
        float[] out = new float[order.length * dims];
        for (int i = 0; i < order.length; i++) {
            System.arraycopy(values, order[i] * dims, out, i * dims, dims);
        }
        return new PointCloud(out, order.length, dims);
    }
}
