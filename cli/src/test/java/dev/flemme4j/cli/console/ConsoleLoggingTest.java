package dev.flemme4j.cli.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logging of `local` and `submit`, through the real logback set-up of the CLI (its logback.xml): everything
 * in the file; on the console only warnings and errors, one line each; --verbose shows everything.
 */
class ConsoleLoggingTest {
    private static final Logger WORKER = LoggerFactory.getLogger("dev.flemme4j.worker.TrainingRun");
    private static final Logger KAFKA = LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient");
    private final ByteArrayOutputStream consoleBytes = new ByteArrayOutputStream();
    private final PrintStream console = new PrintStream(consoleBytes, true, StandardCharsets.UTF_8);
    private final ByteArrayOutputStream stderrBytes = new ByteArrayOutputStream();
    private PrintStream realErr;

    /**
     * The CLI's own logback.xml, read from its build output. On the test classpath a dependency's test jar
     * (serving's) brings a logback-test.xml, which logback would prefer; the product never has it.
     */
    @BeforeAll
    static void configureLikeTheProduct() throws JoranException, URISyntaxException {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Path productConfig = Path.of(ConsoleLogging.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("logback.xml");
        ctx.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(ctx);
        configurator.doConfigure(productConfig.toFile());
    }

    /** Back to what logback chose for this test JVM, for the tests that run after these. */
    @AfterAll
    static void configureAsBefore() throws JoranException {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        new ContextInitializer(ctx).autoConfig();
    }

    @BeforeEach
    void captureStderr() {
        // logback.xml's own console appender writes to System.err: it must stay silent while ours is installed
        realErr = System.err;
        System.setErr(new PrintStream(stderrBytes, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(realErr);
    }

    /** Our set-up, with the console part captured (a file, not a terminal). */
    private ConsoleLogging install(Path file, boolean verbose) throws IOException {
        return ConsoleLogging.toFile(file, verbose, new LiveConsole(console, console, false, 80));
    }

    private String consoleText() {
        return consoleBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void infoGoesToTheFileOnlyWarningsAndErrorsReachBoth(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("logs/local.log");
        try (ConsoleLogging ignored = install(file, false)) {
            WORKER.info("epoch 1/8 done, mean loss 0.63");
            WORKER.warn("checkpoint slow:\n  took 12 s");
            WORKER.error("export failed", new IllegalStateException("no space left\non device"));
        }
        String log = Files.readString(file);
        assertTrue(log.contains("INFO  [") && log.contains("dev.flemme4j.worker.TrainingRun - epoch 1/8 done"), log);
        assertTrue(log.contains("WARN ") && log.contains("checkpoint slow:"), log);
        assertTrue(log.contains("java.lang.IllegalStateException: no space left") && log.contains("\tat "),
                "the file keeps the stack trace:\n" + log);

        List<String> lines = consoleText().lines().toList();
        assertEquals(List.of("WARN  TrainingRun: checkpoint slow: took 12 s",
                "ERROR TrainingRun: export failed: IllegalStateException: no space left on device"), lines,
                "no INFO, one line per event, no stack trace");
        assertEquals("", stderrBytes.toString(StandardCharsets.UTF_8), "logback.xml's console appender was detached");
    }

    @Test
    void theBrokersRoutineWarningsAndSlowEventReportsStayInTheFileItsErrorsDoNot(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("local.log");
        try (ConsoleLogging ignored = install(file, false)) {
            KAFKA.warn("Attempting to close NetworkClient that has already been closed.");
            KAFKA.error("Connection to node 1 failed authentication");
            LoggerFactory.getLogger("org.apache.kafka.controller.EventPerformanceMonitor")
                    .error("[QuorumController id=1] Exceptionally slow controller event writeNoOpRecord(1) took 2610 ms.");
        }
        String log = Files.readString(file);
        assertTrue(log.contains("already been closed") && log.contains("Exceptionally slow controller event"), log);
        assertEquals(List.of("ERROR NetworkClient: Connection to node 1 failed authentication"), consoleText().lines().toList());
    }

    @Test
    void verboseShowsEveryLineOnTheConsoleToo(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("local.log");
        try (ConsoleLogging ignored = install(file, true)) {
            WORKER.info("epoch 1/8 done");
            KAFKA.warn("already been closed");
        }
        String text = consoleText();
        assertTrue(text.matches("(?s)\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  TrainingRun - epoch 1/8 done\\R.*"), text);
        assertTrue(text.contains("WARN  NetworkClient - already been closed"), text);
        assertTrue(Files.readString(file).contains("epoch 1/8 done"));
    }

    @Test
    void closingPutsTheConsoleAppenderOfLogbackXmlBack(@TempDir Path tmp) throws IOException {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        assertNotNull(root.getAppender("CONSOLE"));
        install(tmp.resolve("a.log"), false).close();
        assertNotNull(root.getAppender("CONSOLE"));
        assertEquals(null, root.getAppender("FILE"));
        WORKER.info("after close");
        assertTrue(stderrBytes.toString(StandardCharsets.UTF_8).contains("after close"));
    }

    @Test
    void djlsRepeatedCudaProbeWarningIsLoggedOnceAndOnlyToTheFile(@TempDir Path tmp) throws IOException {
        Logger cuda = LoggerFactory.getLogger("ai.djl.util.cuda.CudaUtils");
        // a format of its own: the filter remembers formats for the life of the JVM
        String format = "Failed to detect GPU count: {} ({}) " + UUID.randomUUID();
        Path file = tmp.resolve("local.log");
        try (ConsoleLogging ignored = install(file, false)) {
            cuda.warn(format, "CUDA driver version is insufficient for CUDA runtime version", 35);
            cuda.warn(format, "CUDA driver version is insufficient for CUDA runtime version", 35);
            WORKER.warn(format, "the same text from another logger", 1);
            WORKER.warn(format, "the same text from another logger", 1);
        }
        String log = Files.readString(file);
        assertEquals(1, log.lines().filter(l -> l.contains("CudaUtils") && l.contains("insufficient")).count(), log);
        assertEquals(2, log.lines().filter(l -> l.contains("another logger")).count(), "other loggers are not deduplicated");
        assertFalse(consoleText().contains("insufficient"), consoleText());
    }
}
