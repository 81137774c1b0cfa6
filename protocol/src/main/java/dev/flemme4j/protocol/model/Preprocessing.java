package dev.flemme4j.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * How a raw image becomes the model input, in Flemme's order: ToTensor ({@code scale}, 1/255 for 8-bit),
 * Resize to {@code image_size} (nearest), GrayScale when {@code grayscale}, Normalize when {@code normalize}
 * is present.
 *
 * @param imageSize [H, W] the model was trained on
 * @param inChannel channels the model expects (1 or 3 for images)
 */
public record Preprocessing(
        @JsonProperty("image_size") List<Integer> imageSize,
        @JsonProperty("in_channel") int inChannel,
        @JsonProperty("grayscale") boolean grayscale,
        @JsonProperty("scale") double scale,
        @JsonProperty("normalize") Normalize normalize) {

    /** ToTensor's 8-bit scale. */
    public static final double TO_TENSOR_SCALE = 1.0 / 255.0;

    public Preprocessing {
        Objects.requireNonNull(imageSize, "image_size");
        if (imageSize.size() != 2 || imageSize.stream().anyMatch(d -> d == null || d <= 0)) {
            throw new IllegalArgumentException("image_size must be [H, W] with positive values, got " + imageSize);
        }
        if (inChannel <= 0) {
            throw new IllegalArgumentException("in_channel must be positive, got " + inChannel);
        }
        if (grayscale && inChannel != 1) {
            throw new IllegalArgumentException("grayscale needs in_channel 1, got " + inChannel);
        }
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be a positive number, got " + scale);
        }
        if (normalize != null && normalize.mean().size() != 1 && normalize.mean().size() != inChannel) {
            throw new IllegalArgumentException("normalize has " + normalize.mean().size() + " values, in_channel is " + inChannel);
        }
        imageSize = List.copyOf(imageSize);
    }

    public int height() {
        return imageSize.get(0);
    }

    public int width() {
        return imageSize.get(1);
    }

    /** Per-channel {@code (x - mean) / std}, as torchvision's Normalize; one value applies to all channels. */
    public record Normalize(@JsonProperty("mean") List<Double> mean, @JsonProperty("std") List<Double> std) {
        public Normalize {
            Objects.requireNonNull(mean, "mean");
            Objects.requireNonNull(std, "std");
            if (mean.isEmpty() || mean.size() != std.size()) {
                throw new IllegalArgumentException("normalize mean and std must be non-empty and of equal length, got " + mean + " and " + std);
            }
            if (std.stream().anyMatch(s -> s == null || !(s > 0))) {
                throw new IllegalArgumentException("normalize std values must be positive, got " + std);
            }
            mean = List.copyOf(mean);
            std = List.copyOf(std);
        }

        public double mean(int channel) {
            return mean.get(mean.size() == 1 ? 0 : channel);
        }

        public double std(int channel) {
            return std.get(std.size() == 1 ? 0 : channel);
        }
    }
}
