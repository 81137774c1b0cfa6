package dev.flemme4j.cli;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;

/** Entry point of the {@code flemme} command. */
public final class Main {

    /** Where DJL unpacks its native engine (~470 MB once) unless DJL_CACHE_DIR says otherwise. */
    static final String DEFAULT_DJL_CACHE_DIR = ".flemme/djl-cache";

    private Main() {
    }

    public static void main(String[] args) {
        configureDjl();
        // held-out.png is drawn with Java2D; never try to reach a display for it
        setIfAbsent("java.awt.headless", "true");
        routeJavaUtilLogging();
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, without side effects on the JVM (for tests and embedding). */
    public static CommandLine commandLine() {
        return new CommandLine(new FlemmeCommand())
                .setExecutionExceptionHandler(Main::reportFailure);
    }

    /**
     * DJL reads these when its classes load, so they are set before any DJL class is touched. Offline: never
     * download an engine at run time (the natives come from the Maven build); no usage tracking. DJL prefers
     * an environment variable over the system property, so what the user exported still wins.
     */
    static void configureDjl() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
        setIfAbsent("DJL_CACHE_DIR", Path.of(DEFAULT_DJL_CACHE_DIR).toAbsolutePath().toString());
    }

    private static void setIfAbsent(String name, String value) {
        if (System.getenv(name) == null && System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }

    private static void routeJavaUtilLogging() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    /** One line for the user; the stack trace only when debugging. */
    private static int reportFailure(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        Logger log = LoggerFactory.getLogger(Main.class);
        log.debug("{} failed", commandLine.getCommandName(), e);
        StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
                message.append(": ").append(cause.getMessage());
            }
        }
        commandLine.getErr().println(commandLine.getColorScheme()
                .errorText("flemme " + commandLine.getCommandName() + ": " + message));
        return commandLine.getCommandSpec().exitCodeOnExecutionException();
    }
}
