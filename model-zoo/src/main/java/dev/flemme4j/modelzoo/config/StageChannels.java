package dev.flemme4j.modelzoo.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Channel arithmetic shared by the spec (to validate group counts) and the blocks (to build them), so both
 * agree by construction.
 */
public final class StageChannels {
    /** Flemme rounds hidden widths of multi-block stages up to multiples of this. */
    public static final int HIDDEN_UNIT = 16;

    private StageChannels() {
    }

    /**
     * Width of the blocks inside a stage from {@code in} to {@code out}: the larger of half the wider side and
     * the narrower side, rounded up to {@link #HIDDEN_UNIT} (upstream {@code get_middle_channel}).
     */
    public static int hidden(int in, int out) {
        int raw = Math.max(Math.max(in, out) / 2, Math.min(in, out));
        return (raw + HIDDEN_UNIT - 1) / HIDDEN_UNIT * HIDDEN_UNIT;
    }

    /** Channel sequence through {@code n} blocks: in, hidden × (n-1), out. */
    public static List<Integer> stage(int in, int out, int n) {
        List<Integer> channels = new ArrayList<>(n + 1);
        channels.add(in);
        int hidden = hidden(in, out);
        for (int i = 1; i < n; i++) {
            channels.add(hidden);
        }
        channels.add(out);
        return channels;
    }
}
