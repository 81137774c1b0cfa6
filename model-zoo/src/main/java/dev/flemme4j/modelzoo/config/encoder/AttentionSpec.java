package dev.flemme4j.modelzoo.config.encoder;

import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.config.ConfigNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One stage's attention in a CNN-family encoder/decoder (upstream {@code get_n_x_conv_atten}): {@code null}
 * (none), {@code atten} (self-attention over positions) or {@code fft_atten} (self-attention over the real
 * FFT of the feature map), optionally repeated as {@code Nxatten} / {@code Nxfft_atten}. Every building block
 * of the stage ends with its own chain of {@code repeats} attention blocks.
 *
 * @param repeats 0 for no attention
 */
public record AttentionSpec(boolean fft, int repeats) {
    public static final AttentionSpec NONE = new AttentionSpec(false, 0);

    public boolean present() {
        return repeats > 0;
    }

    /** The YAML spelling, e.g. {@code 10xfft_atten}; {@code null} for none. */
    public String yamlName() {
        if (!present()) {
            return null;
        }
        return (repeats == 1 ? "" : repeats + "x") + (fft ? "fft_atten" : "atten");
    }

    /**
     * Reads {@code key} for {@code stages} stages like upstream {@code create_encoder}: a scalar (or absent)
     * value applies to every stage, a list gives one entry per stage (extra entries are ignored, as upstream).
     */
    public static List<AttentionSpec> readStages(ConfigNode node, String key, int stages) {
        Object raw = node.rawValue(key);
        if (!(raw instanceof List<?> list)) {
            return Collections.nCopies(stages, parse(node.pathOf(key), raw));
        }
        if (list.size() < stages) {
            throw node.error(key, "has " + list.size() + " entries but there are " + stages
                    + " stages; give one entry per stage (null for none) or a single value for all");
        }
        List<AttentionSpec> out = new ArrayList<>(stages);
        for (int i = 0; i < stages; i++) {
            out.add(parse(node.pathOf(key) + "[" + i + "]", list.get(i)));
        }
        return List.copyOf(out);
    }

    static AttentionSpec parse(String path, Object raw) {
        if (raw == null) {
            return NONE;
        }
        if (!(raw instanceof String s)) {
            throw new ConfigException(path, "expected null, 'atten', 'fft_atten' or 'Nxatten' / 'Nxfft_atten', found " + raw);
        }
        String kind = s;
        int repeats = 1;
        int x = s.indexOf('x');
        if (x >= 0 && !s.startsWith("fft")) {
            try {
                repeats = Integer.parseInt(s.substring(0, x));
            } catch (NumberFormatException e) {
                throw new ConfigException(path, "expected 'Nxatten' or 'Nxfft_atten' with an integer N, found '" + s + "'");
            }
            kind = s.substring(x + 1);
            if (repeats <= 0) {
                throw new ConfigException(path, "the repetition count must be positive, found '" + s + "'");
            }
        }
        return switch (kind) {
            case "atten" -> new AttentionSpec(false, repeats);
            case "fft_atten" -> new AttentionSpec(true, repeats);
            default -> throw new ConfigException(path, "unknown attention '" + s + "'; expected null, 'atten', 'fft_atten', "
                    + "'Nxatten' or 'Nxfft_atten'");
        };
    }
}
