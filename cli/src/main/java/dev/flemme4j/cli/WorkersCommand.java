package dev.flemme4j.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "workers", mixinStandardHelpOptions = true,
        header = "List the workers the coordinator knows.",
        description = {"One line per worker: id, device, capacity, whether it is alive (heard from within",
                "heartbeat_timeout), how long ago it spoke, and the jobs it holds."})
final class WorkersCommand implements Callable<Integer> {
    @Option(names = "--coordinator", defaultValue = "http://127.0.0.1:8080",
            description = "coordinator HTTP API (default: ${DEFAULT-VALUE})")
    String coordinator;

    @Override
    public Integer call() throws Exception {
        CoordinatorClient.Reply r;
        try {
            r = new CoordinatorClient(coordinator).get("/v1/workers");
        } catch (java.io.IOException e) {
            System.err.println("cannot reach the coordinator at " + coordinator + ": " + e.getMessage());
            return 2;
        }
        if (r.status() != 200) {
            System.err.println("HTTP " + r.status() + ": " + r.body());
            return 1;
        }
        List<Map<String, Object>> rows = new ObjectMapper().readValue(r.body(), new TypeReference<>() { });
        System.out.printf("%-28s %-8s %-8s %-6s %-10s %s%n", "WORKER", "DEVICE", "CAPACITY", "ALIVE", "SEEN", "JOBS");
        for (Map<String, Object> w : rows) {
            System.out.printf("%-28s %-8s %-8s %-6s %-10s %s%n", w.get("id"), w.get("device"), w.get("capacity"),
                    Boolean.TRUE.equals(w.get("alive")) ? "yes" : "LOST",
                    ((Number) w.get("last_seen_ms_ago")).longValue() / 1000 + " s ago", w.get("jobs"));
        }
        if (rows.isEmpty()) {
            System.out.println("no workers yet");
        }
        return 0;
    }
}
