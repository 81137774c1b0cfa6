package dev.flemme4j.coordinator.workers;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Workers the coordinator has heard from, and when; a worker is alive while its last event is recent. */
public final class WorkerRegistry {
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration aliveFor;

    public WorkerRegistry(Clock clock, Duration aliveFor) {
        this.clock = clock;
        this.aliveFor = aliveFor;
    }

    public void seen(String worker) {
        if (worker != null && !worker.isBlank()) {
            lastSeen.put(worker, clock.millis());
        }
    }

    public int alive() {
        long cutoff = clock.millis() - aliveFor.toMillis();
        return (int) lastSeen.values().stream().filter(t -> t >= cutoff).count();
    }

    /** Worker id → last seen (epoch millis), sorted by id. */
    public Map<String, Long> lastSeen() {
        return new TreeMap<>(lastSeen);
    }

    public boolean isAlive(String worker) {
        Long t = lastSeen.get(worker);
        return t != null && t >= clock.millis() - aliveFor.toMillis();
    }
}
