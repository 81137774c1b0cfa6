package dev.flemme4j.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps Kafka clients built in one place: scans every module's main sources for a direct client construction
 * (or a call that hangs with kafka-clients 4.x, see STACK.md) outside {@link KafkaClients}.
 */
class OneClientFactoryTest {
    private static final Pattern BUILDS = Pattern.compile(
            "new\\s+Kafka(Producer|Consumer)\\s*<|\\bAdmin(Client)?\\.create\\s*\\(");
    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
    private static final Pattern HANGS = Pattern.compile("\\.committed\\s*\\(|listConsumerGroupOffsets\\s*\\(");

    @Test
    void noMainSourceBuildsAKafkaClientOutsideTheFactory() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<Path> mains = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).forEach(mains::add);
        }
        assertTrue(mains.size() >= 5, "expected the modules' main sources under " + root + ", found " + mains);
        List<String> offenders = new ArrayList<>();
        int factoryHits = 0;
        for (Path main : mains) {
            try (Stream<Path> files = Files.walk(main)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String text = COMMENTS.matcher(Files.readString(f)).replaceAll(" ");
                    boolean factory = f.endsWith(Path.of("dev/flemme4j/kafka/KafkaClients.java"));
                    if (BUILDS.matcher(text).find()) {
                        if (factory) {
                            factoryHits++;
                        } else {
                            offenders.add(root.relativize(f) + " builds a Kafka client: use KafkaClients");
                        }
                    }
                    if (HANGS.matcher(text).find()) {
                        offenders.add(root.relativize(f) + " calls committed(..)/listConsumerGroupOffsets (STACK.md trap)");
                    }
                }
            }
        }
        assertEquals(1, factoryHits, "the scan must see the factory itself, or it scans nothing");
        assertEquals(List.of(), offenders);
    }
}
