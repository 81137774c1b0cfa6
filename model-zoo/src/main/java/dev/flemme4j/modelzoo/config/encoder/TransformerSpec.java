package dev.flemme4j.modelzoo.config.encoder;

import java.util.List;

/**
 * The ViT/Swin keys of {@code model.encoder} (upstream ViTEncoder/SwinEncoder and their decoders), defaults
 * applied by {@link TransformerEncoderSpecParser}.
 *
 * @param windowSize   Swin's {@code window_size} per spatial axis (empty for ViT)
 * @param downHeads    {@code down_num_heads}, one per down stage (the decoder's {@code up_num_heads} likewise)
 * @param qkScale      {@code qk_scale}, or 0 for {@code d_k^-0.5}
 * @param dropPath     the largest stochastic-depth rate; block {@code i} of the encoder gets
 *                     {@code linspace(0, drop_path, blocks)[i]}, the decoder the same reversed
 */
public record TransformerSpec(List<Integer> windowSize, List<Integer> downHeads, List<Integer> middleHeads,
        List<Integer> upHeads, List<Integer> finalHeads, List<Double> mlpHiddenRatios, boolean qkvBias, double qkScale,
        double dropPath, double attenDropout) {

    public TransformerSpec {
        windowSize = List.copyOf(windowSize);
        downHeads = List.copyOf(downHeads);
        middleHeads = List.copyOf(middleHeads);
        upHeads = List.copyOf(upHeads);
        finalHeads = List.copyOf(finalHeads);
        mlpHiddenRatios = List.copyOf(mlpHiddenRatios);
    }

    /** Upstream's {@code torch.linspace(0, drop_path, n)}. */
    public double[] dropPathSchedule(int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = n == 1 ? 0 : dropPath * i / (n - 1);
        }
        return d;
    }

    /** Upstream's {@code min(window_size) // 2}: the shift of every second block. */
    public int halfWindow() {
        return windowSize.stream().mapToInt(Integer::intValue).min().orElse(0) / 2;
    }
}
