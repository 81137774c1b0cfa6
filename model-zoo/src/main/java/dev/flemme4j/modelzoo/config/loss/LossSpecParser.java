package dev.flemme4j.modelzoo.config.loss;

import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
import dev.flemme4j.protocol.config.ConfigNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a loss list ({@code segmentation_losses}, {@code reconstruction_losses}, {@code classification_losses}):
 * a mapping or a list of mappings, each {@code {name, weight, ...}}; and a VAE's single
 * {@code distribution_loss}. Every loss is computed per sample (mean over non-batch axes) and then reduced
 * over the batch by the model's {@code loss_reduction}.
 */
public final class LossSpecParser {
    private LossSpecParser() {
    }

    /** Parses {@code key} of {@code model}; absent → {@code [Dice]} as upstream. */
    public static List<LossSpec> parseSegmentationLosses(ConfigNode model, String key) {
        return parseLosses(model, key, LossUse.IMAGE, "Dice");
    }

    /**
     * Parses the list under {@code key}; absent → the single loss {@code defaultName} with weight 1.
     *
     * @param allowed the names valid in this list
     */
    public static List<LossSpec> parseLosses(ConfigNode model, String key, LossUse allowed, String defaultName) {
        return parseLosses(model, key, allowed, defaultName, null);
    }

    /**
     * As {@link #parseLosses(ConfigNode, String, LossUse, String)}, checking image-shaped losses (SSIM)
     * against the prediction they will see.
     *
     * @param prediction the predicted map's encoder spec (its out_channel and dimension), or null
     */
    public static List<LossSpec> parseLosses(ConfigNode model, String key, LossUse allowed, String defaultName,
            ImageEncoderSpec prediction) {
        List<ConfigNode> nodes = model.nodeList(key);
        if (nodes == null) {
            return List.of(defaultSpec(defaultName, allowed));
        }
        if (nodes.isEmpty()) {
            throw model.error(key, "needs at least one loss, e.g. [{name: " + defaultName + "}]");
        }
        List<LossSpec> out = new ArrayList<>(nodes.size());
        for (ConfigNode n : nodes) {
            LossSpec spec = parseOne(n, allowed);
            if (spec.ssim() != null && prediction != null) {
                requireSsimMatches(n, spec.ssim(), prediction);
            }
            out.add(spec);
        }
        return List.copyOf(out);
    }

    /** A VAE's {@code distribution_loss}: one mapping (upstream reads no list), default {@code {name: KL}}. */
    public static LossSpec parseDistributionLoss(ConfigNode model, String key) {
        if (!model.has(key)) {
            model.ignore(key);
            return new LossSpec("KL", LossKind.KL, 1.0, DiceNormalization.SIGMOID);
        }
        if (model.raw().get(key) instanceof List) {
            model.rawValue(key);
            throw model.error(key, "expected one mapping such as {name: KL, weight: 0.01}, found a list");
        }
        return parseOne(model.requireNode(key), LossUse.DISTRIBUTION);
    }

    /** Upstream asserts both at the first forward pass; we fail at parse time, on the loss's own keys. */
    private static void requireSsimMatches(ConfigNode n, LossSpec.SsimOptions ssim, ImageEncoderSpec prediction) {
        if (ssim.imageChannel() != prediction.outChannel()) {
            throw n.error("image_channel", "SSIM compares " + prediction.outChannel() + "-channel predictions (model.encoder.out_channel)"
                    + " but image_channel is " + ssim.imageChannel() + (n.has("image_channel") ? "" : " (the default)"));
        }
        if (ssim.imageDim() != prediction.spatialDims()) {
            throw n.error("image_dim", "SSIM compares " + prediction.spatialDims() + "D images but image_dim is " + ssim.imageDim()
                    + (n.has("image_dim") ? "" : " (the default)"));
        }
    }

    private static LossSpec defaultSpec(String name, LossUse allowed) {
        return new LossSpec(name, allowed.table().resolve(ConfigNode.empty(""), "name", name).kind(), 1.0,
                DiceNormalization.SIGMOID);
    }

    private static LossSpec parseOne(ConfigNode n, LossUse allowed) {
        return allowed.table().resolve(n, "name", n.dispatchName("name", null)).parse(n);
    }

    /** A bound loss entry of a loss computing {@code kind}, labelled {@code name}. */
    static LossSpec parseEntry(ConfigNode n, String name, LossKind kind) {
        double weight = n.number("weight", 1.0);
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw n.error("weight", "must be a finite non-negative number, found " + weight);
        }
        DiceNormalization norm = DiceNormalization.SIGMOID;
        if (kind == LossKind.DICE) {
            norm = DiceNormalization.NAMES.read(n, "normalization", "sigmoid");
        }
        LossSpec.SsimOptions ssim = kind == LossKind.SSIM ? parseSsim(n) : null;
        var points = kind == LossKind.CHAMFER || kind == LossKind.DENSITY_CHAMFER || kind == LossKind.EMD
                ? dev.flemme4j.modelzoo.loss.pointcloud.PointLossOptions.parse(n, kind == LossKind.DENSITY_CHAMFER, kind == LossKind.EMD) : null;
        n.rejectUnknownKeys();
        return new LossSpec(name, kind, weight, norm, ssim, points);
    }

    /** Upstream SSIMLoss defaults: image_dim 2, image_channel 1, window_size 11, sigma 1.5, data_range 1.0, normalization true. */
    private static LossSpec.SsimOptions parseSsim(ConfigNode n) {
        int dim = n.integer("image_dim", 2);
        if (dim != 2 && dim != 3) {
            throw n.error("image_dim", "must be 2 or 3, found " + dim);
        }
        int channel = n.integer("image_channel", 1);
        if (channel <= 0) {
            throw n.error("image_channel", "must be a positive integer, found " + channel);
        }
        int window = n.integer("window_size", 11);
        if (window <= 0 || window % 2 == 0) {
            throw n.error("window_size", "must be a positive odd integer (padding window/2 keeps the size), found " + window);
        }
        double sigma = n.number("sigma", 1.5);
        if (!(sigma > 0)) {
            throw n.error("sigma", "must be positive, found " + sigma);
        }
        double range = n.number("data_range", 1.0);
        if (!(range > 0)) {
            throw n.error("data_range", "must be positive, found " + range);
        }
        boolean sigmoid = n.bool("normalization", true);
        return new LossSpec.SsimOptions(dim, channel, window, sigma, range, sigmoid);
    }
}
