package dev.flemme4j.cli.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The on-disk side of a KRaft node: a log directory must be formatted (given a cluster id) exactly once.
 * Reusing a formatted directory is what lets a restarted broker keep its topics and records.
 */
final class KraftStorage {

    private static final Logger log = LoggerFactory.getLogger(KraftStorage.class);
    private static final String META_PROPERTIES = "meta.properties";

    private KraftStorage() {
    }

    /** The cluster id recorded in {@code logDir}, if the directory has been formatted. */
    static Optional<String> existingClusterId(Path logDir) {
        Path meta = logDir.resolve(META_PROPERTIES);
        if (!Files.isRegularFile(meta)) {
            return Optional.empty();
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + meta, e);
        }
        return Optional.ofNullable(props.getProperty("cluster.id"));
    }

    /**
     * Formats {@code logDir} for the broker described by {@code configFile} unless it already is, and returns
     * the cluster id in use.
     */
    static String formatIfNeeded(Path logDir, Path configFile, java.util.List<String> extraArguments) {
        Optional<String> existing = existingClusterId(logDir);
        if (existing.isPresent()) {
            log.debug("Reusing formatted Kafka storage {} (cluster {})", logDir, existing.get());
            return existing.get();
        }
        String clusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int rc;
        // execute(), not main(): main() ends the JVM.
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                    "format", "--config", configFile.toString(), "--cluster-id", clusterId, "--ignore-formatted"));
            args.addAll(extraArguments);
            rc = StorageTool.execute(args.toArray(String[]::new), out);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Formatting Kafka storage " + logDir + " failed: " + e.getMessage(), e);
        }
        String output = captured.toString(StandardCharsets.UTF_8).strip();
        if (rc != 0) {
            throw new IllegalStateException("Formatting Kafka storage " + logDir + " failed (exit " + rc + "): " + output);
        }
        log.debug("Formatted Kafka storage: {}", output);
        return existingClusterId(logDir).orElse(clusterId);
    }
}
