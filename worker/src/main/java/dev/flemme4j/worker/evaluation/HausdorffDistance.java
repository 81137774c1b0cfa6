package dev.flemme4j.worker.evaluation;

/**
 * Hausdorff distance between the foreground points of two masks on the same grid, as scikit-image's
 * {@code hausdorff_distance} (what Flemme's HD calls) defines it: every foreground point counts (not only the
 * boundary), distances are Euclidean in index units, both masks empty gives 0 and exactly one empty gives
 * infinity. {@code standard} is the larger of the two directed maxima; {@code modified} (Dubuisson and Jain) the
 * larger of the two directed means. Directed distances come from a distance transform, not from all pairs.
 */
final class HausdorffDistance {
    private final int[] shape;
    private final boolean modified;

    /** @param shape the masks' grid (spatial dimensions only); @param modified mean instead of max */
    HausdorffDistance(int[] shape, boolean modified) {
        this.shape = shape.clone();
        this.modified = modified;
    }

    double between(boolean[] a, boolean[] b) {
        boolean anyA = any(a);
        boolean anyB = any(b);
        if (!anyA || !anyB) {
            return anyA == anyB ? 0 : Double.POSITIVE_INFINITY;
        }
        return Math.max(directed(a, EuclideanDistanceTransform.squared(b, shape)),
                directed(b, EuclideanDistanceTransform.squared(a, shape)));
    }

    /** Max (or mean) over the points of {@code from} of their distance to the other mask. */
    private double directed(boolean[] from, double[] squaredToOther) {
        double max = 0;
        double sum = 0;
        long n = 0;
        for (int i = 0; i < from.length; i++) {
            if (from[i]) {
                double d = Math.sqrt(squaredToOther[i]);
                max = Math.max(max, d);
                sum += d;
                n++;
            }
        }
        return modified ? sum / n : max;
    }

    private static boolean any(boolean[] m) {
        for (boolean v : m) {
            if (v) {
                return true;
            }
        }
        return false;
    }
}
