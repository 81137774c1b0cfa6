package dev.flemme4j.cli.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import dev.flemme4j.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code flemme data shapes} and the root command, through the same command line the launcher runs. */
class DataCommandTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void shapesWritesTheRequestedCounts() throws Exception {
        Path dir = tmp.resolve("shapes");
        assertEquals(0, run("data", "shapes", "--out", dir.toString(), "--count", "6", "--test-count", "2",
                "--size", "32", "--seed", "3"), err.toString());
        assertEquals(6, pngs(dir.resolve("images")));
        assertEquals(6, pngs(dir.resolve("masks")));
        assertEquals(2, pngs(dir.resolve("test/images")));
        assertEquals(32 * 32, GrayscalePng.read(dir.resolve("masks/0005.png")).length);
        assertTrue(out.toString().contains("Wrote 6 training and 2 test samples"), out.toString());
    }

    @Test
    void invalidOptionsAreUsageErrorsNamingTheOption() {
        assertEquals(2, run("data", "shapes", "--out", tmp.toString(), "--size", "8"));
        assertTrue(err.toString().contains("--size"), err.toString());
        assertEquals(2, run("data", "shapes"));
        assertTrue(err.toString().contains("--out"), err.toString());
    }

    @Test
    void everyCommandHasHelp() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("kafka") && out.toString().contains("data"), out.toString());
        assertEquals(0, run("data", "--help"));
        assertEquals(0, run("data", "shapes", "--help"));
        assertEquals(0, run("kafka", "--help"));
        assertEquals(0, run("help", "kafka"));
        assertTrue(out.toString().contains("--test-count"), out.toString());
        assertEquals(0, run("--version"));
        assertTrue(out.toString().contains("flemme4j"), out.toString());
    }

    /** Commands added later may still say mixinStandardHelpOptions = true next to the inherited one. */
    @Test
    void subcommandsMayDeclareStandardHelpOptionsThemselves() {
        CommandLine cli = Main.commandLine().addSubcommand(new SelfHelped());
        cli.setOut(new PrintWriter(out, true));
        assertEquals(0, cli.execute("self-helped", "--help"));
        assertTrue(out.toString().contains("Usage: flemme self-helped"), out.toString());
    }

    @CommandLine.Command(name = "self-helped", mixinStandardHelpOptions = true, description = "test only")
    static final class SelfHelped implements Runnable {
        @Override
        public void run() {
        }
    }

    @Test
    void missingCommandIsAUsageError() {
        assertEquals(2, run());
        assertEquals(2, run("data"));
    }

    private static long pngs(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".png")).count();
        }
    }
}
