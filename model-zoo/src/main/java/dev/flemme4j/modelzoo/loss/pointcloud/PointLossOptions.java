package dev.flemme4j.modelzoo.loss.pointcloud;

import dev.flemme4j.protocol.config.ConfigNode;

/**
 * Options of the point-cloud losses, with upstream's defaults: {@code squared_distance} (true) and
 * {@code extended} (false: the mean of both directions; true: their maximum) for CD/DCD/EMD; {@code alpha}
 * (1000), {@code n_lambda} (1) and {@code non_reg} (false) for DCD. EMD's {@code eps}/{@code iters} tune
 * upstream's auction approximation; the assignment here is exact, so they are accepted and unused.
 */
public record PointLossOptions(boolean squaredDistance, boolean extended, double alpha, double lambda, boolean nonReg) {

    public static final PointLossOptions DEFAULTS = new PointLossOptions(true, false, 1000, 1, false);

    /** Reads the options of {@code n} that belong to a loss; {@code density} adds the DCD keys, {@code emd} EMD's. */
    public static PointLossOptions parse(ConfigNode n, boolean density, boolean emd) {
        boolean squared = n.bool("squared_distance", true);
        boolean extended = emd ? false : n.bool("extended", false);
        double alpha = DEFAULTS.alpha;
        double lambda = DEFAULTS.lambda;
        boolean nonReg = false;
        if (density) {
            alpha = n.number("alpha", alpha);
            if (!(alpha > 0) || Double.isInfinite(alpha)) {
                throw n.error("alpha", "must be a finite positive number, found " + alpha);
            }
            lambda = n.number("n_lambda", lambda);
            if (!(lambda >= 0) || Double.isInfinite(lambda)) {
                throw n.error("n_lambda", "must be a finite non-negative number, found " + lambda);
            }
            nonReg = n.bool("non_reg", false);
        }
        if (emd) {
            if (n.has("eps") && !(n.number("eps", 0.005) > 0)) {
                throw n.error("eps", "must be positive, found " + n.number("eps", 0.005));
            }
            if (n.has("iters") && n.integer("iters", 50) <= 0) {
                throw n.error("iters", "must be a positive integer, found " + n.integer("iters", 50));
            }
            n.ignore("eps", "iters");
        }
        return new PointLossOptions(squared, extended, alpha, lambda, nonReg);
    }
}
