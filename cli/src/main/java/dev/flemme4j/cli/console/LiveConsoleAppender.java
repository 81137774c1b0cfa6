package dev.flemme4j.cli.console;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;

/**
 * Writes log events through a {@link LiveConsole}, so they appear above the progress line instead of inside it.
 * Verbose: the same lines as the log file, stack traces included. Otherwise one short line per event
 * ({@code WARN  Logger: message: Exception: its message}); the stack trace stays in the file.
 */
final class LiveConsoleAppender extends AppenderBase<ILoggingEvent> {
    static final String VERBOSE_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";
    private final LiveConsole console;
    private final PatternLayout verboseLayout;

    /** {@code verbose} false: one line per event. */
    LiveConsoleAppender(LiveConsole console, boolean verbose) {
        this.console = console;
        if (verbose) {
            verboseLayout = new PatternLayout();
            verboseLayout.setPattern(VERBOSE_PATTERN);
        } else {
            verboseLayout = null;
        }
    }

    @Override
    public void start() {
        if (verboseLayout != null) {
            verboseLayout.setContext(getContext());
            verboseLayout.start();
        }
        super.start();
    }

    @Override
    protected void append(ILoggingEvent e) {
        console.log(verboseLayout != null ? verboseLayout.doLayout(e).stripTrailing() : oneLine(e));
    }

    static String oneLine(ILoggingEvent e) {
        String logger = e.getLoggerName();
        StringBuilder b = new StringBuilder(String.format("%-5s ", e.getLevel()))
                .append(logger.substring(logger.lastIndexOf('.') + 1)).append(": ")
                .append(flat(e.getFormattedMessage()));
        IThrowableProxy t = e.getThrowableProxy();
        if (t != null) {
            String name = t.getClassName();
            b.append(": ").append(name.substring(name.lastIndexOf('.') + 1));
            if (t.getMessage() != null) {
                b.append(": ").append(flat(t.getMessage()));
            }
        }
        return b.toString();
    }

    private static String flat(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
