package dev.flemme4j.cli.console;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The logging of the interactive commands ({@code local}, {@code submit}): every log line of every role in a file,
 * and on the console only what needs the user's attention, above the progress line. The server roles
 * ({@code worker}, {@code coordinator}, ...) keep logback.xml's console logging, as containers expect.
 * <p>
 * Without {@code --verbose} the console gets WARN and ERROR, one line each, except the warnings of loggers listed in
 * {@link #FILE_ONLY_BELOW_ERROR}: the embedded broker's housekeeping (Kafka warns about an empty metadata log on a
 * first start and about closing a closed client on every stop) and DJL's CUDA probe on hosts without a GPU driver
 * (the worker's device choice says what matters: a job that asked for a GPU and gets the CPU is warned about).
 * The loggers in {@link #FILE_ONLY} stay in the file at every level: Kafka's controller reports each event slower
 * than two seconds as an ERROR, dozens a minute on a loaded machine, though nothing failed.
 * With {@code --verbose} the console gets what the file gets.
 */
public final class ConsoleLogging implements AutoCloseable {
    static final String FILE_PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";
    static final List<String> FILE_ONLY_BELOW_ERROR = List.of("kafka.", "org.apache.kafka.", "state.change.logger",
            "ai.djl.util.cuda.");
    static final List<String> FILE_ONLY = List.of("org.apache.kafka.controller.EventPerformanceMonitor");
    private final Logger root;
    private final List<Appender<ILoggingEvent>> replaced;
    private final List<Appender<ILoggingEvent>> installed;
    private final Path file;

    private ConsoleLogging(Logger root, List<Appender<ILoggingEvent>> replaced, List<Appender<ILoggingEvent>> installed,
            Path file) {
        this.root = root;
        this.replaced = replaced;
        this.installed = installed;
        this.file = file;
    }

    /**
     * Sends all logging to {@code file} (started afresh) and the console part through {@code console}. Until
     * {@link #close()}, which puts the previous set-up back.
     */
    public static ConsoleLogging toFile(Path file, boolean verbose, LiveConsole console) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern(FILE_PATTERN);
        encoder.start();
        FileAppender<ILoggingEvent> toFile = new FileAppender<>();
        toFile.setContext(ctx);
        toFile.setName("FILE");
        toFile.setFile(file.toAbsolutePath().toString());
        toFile.setAppend(false);
        toFile.setEncoder(encoder);
        toFile.start();
        if (!toFile.isStarted()) {
            throw new IOException("cannot write the log file " + file);
        }

        LiveConsoleAppender toConsole = new LiveConsoleAppender(console, verbose);
        toConsole.setContext(ctx);
        toConsole.setName("LIVE_CONSOLE");
        if (!verbose) {
            toConsole.addFilter(new NeedsAttention());
        }
        toConsole.start();

        List<Appender<ILoggingEvent>> replaced = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext();) {
            replaced.add(it.next());
        }
        root.addAppender(toFile);
        root.addAppender(toConsole);
        replaced.forEach(root::detachAppender);
        return new ConsoleLogging(root, replaced, List.of(toFile, toConsole), file);
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        replaced.forEach(root::addAppender);
        for (Appender<ILoggingEvent> a : installed) {
            root.detachAppender(a);
            a.stop();
        }
    }

    /** WARN and above, except the warnings that only belong in the file. */
    static final class NeedsAttention extends Filter<ILoggingEvent> {
        @Override
        public FilterReply decide(ILoggingEvent e) {
            if (!e.getLevel().isGreaterOrEqual(Level.WARN) || FILE_ONLY.contains(e.getLoggerName())) {
                return FilterReply.DENY;
            }
            if (e.getLevel().isGreaterOrEqual(Level.ERROR)) {
                return FilterReply.NEUTRAL;
            }
            for (String prefix : FILE_ONLY_BELOW_ERROR) {
                if (e.getLoggerName().startsWith(prefix) || e.getLoggerName().equals(prefix)) {
                    return FilterReply.DENY;
                }
            }
            return FilterReply.NEUTRAL;
        }
    }
}
