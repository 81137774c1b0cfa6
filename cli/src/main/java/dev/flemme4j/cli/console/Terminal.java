package dev.flemme4j.cli.console;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Whether a standard stream is a terminal, and how wide it is. Java only tells whether stdin and stdout are both
 * terminals ({@code System.console()}); a progress line on stderr, or with stdin redirected, needs the stream's own
 * answer, which Linux gives through {@code /proc/self/fd}.
 */
public final class Terminal {
    public static final int STDOUT = 1;
    public static final int STDERR = 2;
    /** When the width cannot be found out: the classic terminal. */
    static final int DEFAULT_WIDTH = 80;

    private Terminal() {
    }

    /**
     * True when file descriptor {@code fd} is a terminal and nothing says not to draw on it: CI systems set
     * {@code CI}, and {@code TERM=dumb} terminals cannot return the cursor.
     */
    public static boolean isTerminal(int fd) {
        if (System.getenv("CI") != null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        Path link = Path.of("/proc/self/fd/" + fd);
        try {
            String target = Files.readSymbolicLink(link).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null; // not Linux: the best Java knows
        }
    }

    /** Columns of the controlling terminal: {@code COLUMNS} when exported, else {@code stty size}, else 80. */
    public static int width() {
        Integer columns = positive(System.getenv("COLUMNS"));
        if (columns != null) {
            return columns;
        }
        File tty = new File("/dev/tty");
        if (!tty.canRead()) {
            return DEFAULT_WIDTH;
        }
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(tty).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (!p.waitFor(2, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return DEFAULT_WIDTH;
            }
            String[] rowsCols = out.split("\\s+");
            Integer cols = rowsCols.length == 2 ? positive(rowsCols[1]) : null;
            return cols == null ? DEFAULT_WIDTH : cols;
        } catch (IOException e) {
            return DEFAULT_WIDTH;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DEFAULT_WIDTH;
        }
    }

    static Integer positive(String s) {
        if (s == null) {
            return null;
        }
        try {
            int v = Integer.parseInt(s.trim());
            return v > 0 ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
