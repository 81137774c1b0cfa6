package dev.flemme4j.cli.console;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Marker;

/**
 * Lets each message of one logger through once per process. For DJL's CUDA probe: while it loads the PyTorch
 * natives, DJL asks for the GPU count twice, and on a host with a CUDA toolkit but no driver each ask logs the
 * same "Failed to detect GPU count" warning. Messages are told apart by their format string, so a message with
 * different arguments is still a repeat.
 */
public final class OncePerMessageFilter extends TurboFilter {
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private String loggerName;

    /** The logger (exact name) whose repeats are dropped. */
    public void setLoggerName(String loggerName) {
        this.loggerName = loggerName;
    }

    @Override
    public void start() {
        if (loggerName == null) {
            addError("OncePerMessageFilter needs a loggerName");
            return;
        }
        super.start();
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        // format is null when a logger only asks whether a level is enabled
        if (!isStarted() || format == null || !logger.getName().equals(loggerName)) {
            return FilterReply.NEUTRAL;
        }
        return seen.add(format) ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
}
