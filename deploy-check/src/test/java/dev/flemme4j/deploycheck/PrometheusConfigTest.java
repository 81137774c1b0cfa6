package dev.flemme4j.deploycheck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docker/prometheus/prometheus.yml is a config Prometheus accepts. */
class PrometheusConfigTest {

    @Test
    void promtoolAcceptsTheConfig() {
        Path root = Tools.repoRoot();
        Path promtool = Tools.onPath("promtool", "prometheus");
        Tools.Result r = Tools.run(Duration.ofSeconds(30), root,
                List.of(promtool.toString(), "check", "config", "docker/prometheus/prometheus.yml"));
        assertEquals(0, r.exit(), r.describe());
    }
}
