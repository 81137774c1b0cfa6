package dev.flemme4j.coordinator.dataset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Splits one dataset into train and validation samples by {@code val_split_ratio} and {@code val_split_seed}.
 * Deterministic: the same files, ratio and seed always give the same split (which the dataset id relies on).
 * The sizes are Flemme's; the permutation is not PyTorch's random_split one (the proportions and determinism are
 * what matter).
 */
public final class ValidationSplit {
    private ValidationSplit() {
    }

    public record Split<T>(List<T> train, List<T> val) {
    }

    public static <T> Split<T> split(List<T> samples, double ratio, long seed) {
        if (ratio <= 0 || samples.size() < 2) {
            return new Split<>(List.copyOf(samples), List.of());
        }
        // Flemme's random_split_dataloader: the training part is int(total * (1 - ratio)), validation the rest
        int valCount = samples.size() - (int) (samples.size() * (1.0 - ratio));
        // unlike Flemme, never leave either part empty
        valCount = Math.max(1, Math.min(samples.size() - 1, valCount));
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        List<Integer> valIdx = new ArrayList<>(order.subList(0, valCount));
        Collections.sort(valIdx);
        List<Integer> trainIdx = new ArrayList<>(order.subList(valCount, order.size()));
        Collections.sort(trainIdx);
        return new Split<>(trainIdx.stream().map(samples::get).toList(), valIdx.stream().map(samples::get).toList());
    }
}
