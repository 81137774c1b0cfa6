package dev.flemme4j.modelzoo.config;

import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.config.ConfigNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place where Flemme's older key spellings become the current ones. Upstream renamed keys over time
 * (first public release 0be9dad, 2024-08-16, and the 2024 documentation): a config may use either spelling,
 * but not both for the same key. Sections are rewritten before anyone reads them, so parsers only know
 * current names (later errors about a renamed key name its current spelling). Value-level renames, e.g. the
 * 2024 {@code merge_timestep_and_condition}, are not key aliases and live with their section's parser.
 */
public final class KeyAliases {
    /** {@code model.encoder} (and the encoder-like {@code model.decoder}): old name → current name. */
    public static final Map<String, String> ENCODER = Map.of(
            "proj_channel", "patch_channel",        // 0be9dad CNNEncoder(proj_channel=32)
            "proj_scaling", "patch_size",           // renamed 2024-08-19
            "fc_channels", "dense_channels",        // renamed ~2024-10-05
            "decode_fc_channels", "decoder_dense_channels",
            "decode_dense_channels", "decoder_dense_channels", // the 2024 docs' LDPM example
            "num_group", "num_norm_groups",
            "num_block", "num_blocks");

    /**
     * {@code model.encoder} of the vector encoder FCN, after {@link #ENCODER}: the 2024 {@code PointWise} configs
     * give its layer widths as {@code dense_channels}, which upstream's current FCN ignores.
     */
    public static final Map<String, String> FCN_ENCODER = Map.of(
            "dense_channels", "seq_feature_channels");

    /** {@code model}: old name → current name. */
    public static final Map<String, String> MODEL = Map.of(
            "is_supervising", "is_supervised");     // 0be9dad AutoEncoder and the 2024 docs

    private KeyAliases() {
    }

    /**
     * Returns {@code node} with every old key renamed to its current name, keeping the order of keys.
     *
     * @throws ConfigException naming both paths when a key is given under both names
     */
    public static ConfigNode canonical(ConfigNode node, Map<String, String> aliases) {
        boolean any = node.keys().stream().anyMatch(aliases::containsKey);
        if (!any) {
            return node;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : node.raw().entrySet()) {
            String current = aliases.getOrDefault(e.getKey(), e.getKey());
            if (out.containsKey(current) || (!current.equals(e.getKey()) && node.keys().contains(current))) {
                String other = node.keys().stream()
                        .filter(k -> !k.equals(e.getKey()) && aliases.getOrDefault(k, k).equals(current))
                        .findFirst().orElse(current);
                throw new ConfigException(node.pathOf(e.getKey()), "'" + e.getKey() + "' and '" + other
                        + "' are two spellings of the same key (" + node.pathOf(other) + "); keep only '" + current + "'");
            }
            out.put(current, e.getValue());
        }
        return new ConfigNode(node.path(), out);
    }
}
