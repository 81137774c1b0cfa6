package dev.flemme4j.cli.data;

import java.util.SplittableRandom;

/** A filled region of the image plane, tested at pixel centres. */
interface Shape {

    boolean contains(double x, double y);

    /** A rotated ellipse; semi-axes between 6 % and 20 % of the image side. */
    static Shape ellipse(SplittableRandom random, int size) {
        double cx = size * (0.15 + 0.7 * random.nextDouble());
        double cy = size * (0.15 + 0.7 * random.nextDouble());
        double a = size * (0.06 + 0.14 * random.nextDouble());
        double b = size * (0.06 + 0.14 * random.nextDouble());
        double angle = Math.PI * random.nextDouble();
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        return (x, y) -> {
            double u = ((x - cx) * cos + (y - cy) * sin) / a;
            double v = (-(x - cx) * sin + (y - cy) * cos) / b;
            return u * u + v * v <= 1;
        };
    }

    /**
     * A convex polygon of 3–7 vertices. Vertices lie on an ellipse in angular order, which makes the polygon
     * convex by construction; jittered but evenly spread angles keep it from collapsing into a sliver.
     */
    static Shape convexPolygon(SplittableRandom random, int size) {
        int n = 3 + random.nextInt(5);
        double cx = size * (0.15 + 0.7 * random.nextDouble());
        double cy = size * (0.15 + 0.7 * random.nextDouble());
        double rx = size * (0.08 + 0.14 * random.nextDouble());
        double ry = size * (0.08 + 0.14 * random.nextDouble());
        double phase = 2 * Math.PI * random.nextDouble();
        double[] px = new double[n];
        double[] py = new double[n];
        for (int i = 0; i < n; i++) {
            double t = 2 * Math.PI * (i + 0.6 * random.nextDouble()) / n;
            double ex = rx * Math.cos(t);
            double ey = ry * Math.sin(t);
            px[i] = cx + ex * Math.cos(phase) - ey * Math.sin(phase);
            py[i] = cy + ex * Math.sin(phase) + ey * Math.cos(phase);
        }
        return (x, y) -> {
            // counter-clockwise vertices: inside means left of (or on) every edge
            for (int i = 0; i < n; i++) {
                int j = (i + 1) % n;
                double cross = (px[j] - px[i]) * (y - py[i]) - (py[j] - py[i]) * (x - px[i]);
                if (cross < 0) {
                    return false;
                }
            }
            return true;
        };
    }
}
