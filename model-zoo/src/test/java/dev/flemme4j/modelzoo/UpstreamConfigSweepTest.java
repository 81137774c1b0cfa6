package dev.flemme4j.modelzoo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.config.YamlDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every model section among upstream's image configs either builds (when its architecture and encoder are ones
 * flemme4j supports) or is refused with a ConfigException naming the key — never a crash. Upstream's files are
 * not copied into this repository; point the test at a checkout of wlsdzyzl/flemme's resources/img:
 * {@code ./mvnw -o -B -q test -pl model-zoo -am -Dtest=UpstreamConfigSweepTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dflemme.upstream.configs=/path/to/flemme/resources/img}.
 * Skipped without the property.
 */
class UpstreamConfigSweepTest {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamConfigSweepTest.class);
    private static final Set<String> IMAGE_ARCHITECTURES = Set.of("ClM", "SeM", "HSeM", "AE", "HAE", "VAE");

    @Test
    void supportedFamiliesBuildAndTheRestAreRefusedByName() throws Exception {
        String dir = System.getProperty("flemme.upstream.configs");
        Assumptions.assumeTrue(dir != null, "set -Dflemme.upstream.configs to upstream's resources/img");
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of(dir))) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        int built = 0;
        int refused = 0;
        List<String> failures = new ArrayList<>();
        for (Path f : files) {
            String rel = Path.of(dir).relativize(f).toString();
            ConfigNode model;
            try {
                ConfigNode root = YamlDocument.parse(Files.readString(f));
                if (!root.has("model")) {
                    LOG.info("{}: no model section (not a training config)", rel);
                    continue;
                }
                model = root.requireNode("model");
            } catch (ConfigException e) {
                refused++;
                LOG.info("{}: refused: {}", rel, e.getMessage());
                continue;
            }
            String arch = model.raw().get("name") instanceof String s ? s : "";
            Object encoder = model.raw().get("encoder") instanceof java.util.Map<?, ?> m ? m.get("name") : null;
            boolean ours = IMAGE_ARCHITECTURES.contains(arch) && Set.of("CNN", "UNet", "DNet").contains(encoder);
            try {
                ModelSpec spec = ModelSpecs.parseBuildable(model);
                try (FlemmeModel m = ModelFactory.create(spec, Device.cpu())) {
                    built++;
                    LOG.info("{}: {} with {} parameters", rel, spec.name(), m.parameterCount());
                }
            } catch (ConfigException e) {
                refused++;
                LOG.info("{}: refused: {}", rel, e.getMessage());
                if (ours) {
                    failures.add(rel + ": " + e.getMessage());
                }
            } catch (RuntimeException e) {
                failures.add(rel + ": crashed with " + e);
            }
        }
        LOG.info("upstream configs: {} files, {} built, {} refused by name", files.size(), built, refused);
        assertTrue(failures.isEmpty(), failures.size() + " configs of supported families failed:\n" + String.join("\n", failures));
    }
}
