package dev.flemme4j.cli.console;

import java.io.PrintStream;

/**
 * One rewritable status line at the bottom of a stream, with permanent lines (results, log lines) printed above
 * it. On a terminal the status line is redrawn in place with {@code \r}; a permanent line first wipes it, then
 * prints, then redraws it, so a warning never ends up glued to the end of a progress bar. On anything else (a file,
 * a pipe, a CI log) there is no status line: the caller prints plain lines instead ({@link #isInteractive()}).
 * All methods are synchronized: progress comes from one thread, log lines from any.
 */
public final class LiveConsole {
    private final PrintStream out;
    private final PrintStream logs;
    private final boolean interactive;
    private final int width;
    /** What the status line shows now; empty when there is none. */
    private String status = "";

    /**
     * @param out         where the status line and permanent lines go
     * @param logs        where log lines go (may be {@code out})
     * @param interactive {@code out} is a terminal
     * @param width       the terminal's columns; status lines are cut to {@code width - 1} so they never wrap
     *                    (a wrapped line cannot be rewritten with {@code \r})
     */
    public LiveConsole(PrintStream out, PrintStream logs, boolean interactive, int width) {
        this.out = out;
        this.logs = logs;
        this.interactive = interactive;
        this.width = width;
    }

    /** A console on stdout (logs on stderr) that draws a status line when stdout is a terminal. */
    public static LiveConsole onStdout() {
        boolean tty = Terminal.isTerminal(Terminal.STDOUT);
        return new LiveConsole(System.out, System.err, tty, tty ? Terminal.width() : Integer.MAX_VALUE);
    }

    /** A console on stderr (stdout stays free for machine-readable output). */
    public static LiveConsole onStderr() {
        boolean tty = Terminal.isTerminal(Terminal.STDERR);
        return new LiveConsole(System.err, System.err, tty, tty ? Terminal.width() : Integer.MAX_VALUE);
    }

    public boolean isInteractive() {
        return interactive;
    }

    /** Room for a status line's text. */
    public int width() {
        return interactive ? Math.max(1, width - 1) : Integer.MAX_VALUE;
    }

    /** Shows {@code line} as the status line (interactive), or prints it as a plain line (otherwise). */
    public synchronized void status(String line) {
        if (!interactive) {
            out.println(line);
            out.flush();
            return;
        }
        String shown = line.length() > width() ? line.substring(0, width()) : line;
        String pad = shown.length() < status.length() ? " ".repeat(status.length() - shown.length()) : "";
        out.print("\r" + shown + pad);
        out.flush();
        status = shown;
    }

    /** A permanent line on {@code out}, above the status line. */
    public synchronized void println(String line) {
        above(out, line);
    }

    /** A log line on the log stream, above the status line. */
    public synchronized void log(String line) {
        above(logs, line);
    }

    /** Ends the status line: it stays as it is and later output starts on a fresh line. */
    public synchronized void endStatus() {
        if (interactive && !status.isEmpty()) {
            out.println();
            out.flush();
            status = "";
        }
    }

    private void above(PrintStream stream, String line) {
        String kept = status;
        if (interactive && !kept.isEmpty()) {
            out.print("\r" + " ".repeat(kept.length()) + "\r");
            out.flush();
        }
        stream.println(line);
        stream.flush();
        if (interactive && !kept.isEmpty()) {
            out.print(kept);
            out.flush();
        }
    }
}
