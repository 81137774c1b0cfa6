package dev.flemme4j.protocol.transform;

import java.util.List;
import java.util.stream.Collectors;

/** A sample's {@code (C, H, W)} or {@code (C, D, H, W)}, followed through the transforms before any file is decoded. */
public record SampleShape(int channels, List<Integer> size) {
    public SampleShape {
        size = List.copyOf(size);
    }

    public static SampleShape of(int channels, int[] size) {
        return new SampleShape(channels, java.util.Arrays.stream(size).boxed().toList());
    }

    public SampleShape withChannels(int c) {
        return new SampleShape(c, size);
    }

    @Override
    public String toString() {
        return "[" + channels + ", " + size.stream().map(String::valueOf).collect(Collectors.joining(", ")) + "]";
    }
}
