package dev.flemme4j.deploycheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * docker/compose.yaml is valid for Debian's docker-compose (with and without the gpu profile), workers can be
 * scaled, the GPU worker reserves NVIDIA devices, and Prometheus scrapes hosts that are compose services.
 */
class ComposeConfigTest {

    private static final Path ROOT = Tools.repoRoot();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void composeConfigIsValid() {
        Tools.Result r = compose("config", "-q");
        assertEquals(0, r.exit(), r.describe());
    }

    @Test
    void composeConfigIsValidWithGpuProfile() {
        Tools.Result r = compose("--profile", "gpu", "config", "-q");
        assertEquals(0, r.exit(), r.describe());
    }

    @Test
    void workersScaleAndTheGpuWorkerReservesGpus() throws IOException {
        JsonNode services = resolved().path("services");
        for (String s : List.of("kafka", "coordinator", "worker", "worker-gpu", "serving", "prometheus", "grafana")) {
            assertTrue(services.has(s), "compose has no service " + s);
        }
        JsonNode worker = services.path("worker");
        assertFalse(worker.has("container_name"), "worker has a container_name: --scale worker=N would clash");
        assertFalse(worker.has("ports"), "worker publishes host ports: --scale worker=N would clash");
        JsonNode gpu = services.path("worker-gpu");
        assertEquals("gpu", gpu.path("profiles").path(0).asText(), "worker-gpu must be behind the gpu profile");
        JsonNode device = gpu.path("deploy").path("resources").path("reservations").path("devices").path(0);
        assertEquals("nvidia", device.path("driver").asText(), "worker-gpu reserves no nvidia device: " + gpu);
        assertTrue(device.path("capabilities").toString().contains("gpu"), "worker-gpu: capabilities lack gpu");
    }

    @Test
    void prometheusScrapesComposeServices() throws IOException {
        Set<String> services = new TreeSet<>();
        resolved().path("services").fieldNames().forEachRemaining(services::add);
        JsonNode prom = YAML.readTree(ROOT.resolve("docker/prometheus/prometheus.yml").toFile());
        List<String> problems = new ArrayList<>();
        Set<String> jobs = new TreeSet<>();
        for (JsonNode job : prom.path("scrape_configs")) {
            jobs.add(job.path("job_name").asText());
            List<String> hosts = new ArrayList<>();
            for (JsonNode sc : job.path("static_configs")) {
                sc.path("targets").forEach(t -> hosts.add(t.asText().replaceFirst(":\\d+$", "")));
            }
            for (JsonNode dns : job.path("dns_sd_configs")) {
                dns.path("names").forEach(n -> hosts.add(n.asText()));
            }
            hosts.stream().filter(h -> !h.equals("localhost") && !services.contains(h))
                    .forEach(h -> problems.add(job.path("job_name").asText() + " scrapes " + h + ", not a compose service"));
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems) + "\nservices: " + services);
        // the dashboards select on these scrape job names (see docker/METRICS.md)
        assertTrue(jobs.containsAll(Set.of("coordinator", "worker", "worker-gpu", "serving", "kafka")), "scrape jobs: " + jobs);
    }

    /** `docker-compose config` with every profile's services: the file as Compose resolves it. */
    private static JsonNode resolved() throws IOException {
        Path exe = Tools.onPath("docker-compose", "docker-compose");
        Tools.Result r = Tools.run(Duration.ofSeconds(60), ROOT,
                List.of(exe.toString(), "-f", "docker/compose.yaml", "--profile", "gpu", "config"), false);
        assertEquals(0, r.exit(), r.describe());
        return YAML.readTree(r.output());
    }

    private static Tools.Result compose(String... args) {
        Path exe = Tools.onPath("docker-compose", "docker-compose");
        List<String> cmd = new ArrayList<>(List.of(exe.toString(), "-f", "docker/compose.yaml"));
        cmd.addAll(List.of(args));
        return Tools.run(Duration.ofSeconds(60), ROOT, cmd);
    }
}
