package dev.flemme4j.modelzoo.config.encoder;

import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.config.ConfigNode;
import java.util.Map;

/**
 * {@code channel_attention} of a CNN-family network: a string (the method) or a map {@code {method: ...,
 * <kernel key>: k}}. Upstream applies one block after every stage (down, middle, up, final).
 *
 * <ul>
 *   <li>{@code eca}: ECA-Net, a bias-free {@code Conv1d(1, 1, k, padding (k-1)/2)} across the channels of the
 *       global average, then sigmoid gating; kernel key {@code kernel_size} (default 3).</li>
 *   <li>{@code eca-ns}: the same with one k-tap kernel per channel ({@code Conv1d(C, C, k, groups=C)} on the
 *       unfolded neighbourhood); kernel key {@code kernal_size} (upstream's spelling, default 3).</li>
 * </ul>
 * {@code ca} is rejected: upstream's CABlock passes {@code channel} to SelfAttentionBlock, which raises a
 * TypeError, so it has no behaviour to reproduce.
 *
 * @param nonShared true for {@code eca-ns}
 */
public record ChannelAttentionSpec(boolean nonShared, int kernel) {

    public String yamlName() {
        return nonShared ? "eca-ns" : "eca";
    }

    /** Reads {@code key}; {@code null} when absent. */
    public static ChannelAttentionSpec read(ConfigNode node, String key) {
        Object raw = node.rawValue(key);
        if (raw == null) {
            return null;
        }
        String path = node.pathOf(key);
        if (raw instanceof String s) {
            return of(path, path, s, 3);
        }
        if (!(raw instanceof Map<?, ?> map) || map.isEmpty()) {
            throw new ConfigException(path, "expected eca, eca-ns or a map {method: eca, kernel_size: 3}, found " + raw);
        }
        Object method = map.get("method");
        if (!(method instanceof String m)) {
            throw new ConfigException(path + ".method", "is required: eca or eca-ns");
        }
        String kernelKey = "eca-ns".equals(m) ? "kernal_size" : "kernel_size";
        for (Object k : map.keySet()) {
            if (!"method".equals(k) && !kernelKey.equals(k)) {
                String hint = "eca-ns".equals(m) && "kernel_size".equals(k)
                        ? "; eca-ns reads its kernel from kernal_size (upstream's spelling) and ignores kernel_size" : "";
                throw new ConfigException(path + "." + k, "unknown key for " + m + "; it understands method, " + kernelKey + hint);
            }
        }
        Object kv = map.get(kernelKey);
        int kernel = 3;
        if (kv != null) {
            if (!(kv instanceof Integer i)) {
                throw new ConfigException(path + "." + kernelKey, "expected an odd positive integer, found " + kv);
            }
            kernel = i;
        }
        return of(path + ".method", path + "." + kernelKey, m, kernel);
    }

    private static ChannelAttentionSpec of(String methodPath, String kernelPath, String method, int kernel) {
        if (kernel <= 0 || kernel % 2 == 0) {
            throw new ConfigException(kernelPath, "must be an odd positive integer (an even kernel drops a channel), found " + kernel);
        }
        return switch (method) {
            case "eca" -> new ChannelAttentionSpec(false, kernel);
            case "eca-ns" -> new ChannelAttentionSpec(true, kernel);
            case "ca" -> throw new ConfigException(methodPath, "channel attention 'ca' is not supported yet in flemme4j: upstream's "
                    + "CABlock fails to build (TypeError: SelfAttentionBlock got an unexpected keyword argument 'channel'); use eca or eca-ns");
            default -> throw new ConfigException(methodPath, "unknown channel attention '" + method + "'; expected eca or eca-ns");
        };
    }
}
