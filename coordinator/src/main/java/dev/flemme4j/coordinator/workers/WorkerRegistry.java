package dev.flemme4j.coordinator.workers;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Workers the coordinator has heard from: their device and capacity (from heartbeats) and when they last
 * spoke. A worker silent for {@code heartbeat_timeout} is lost: {@link #newlyLost()} reports it once, and it is
 * not offered jobs until it speaks again.
 */
public final class WorkerRegistry {
    /** What one worker said about itself in its last heartbeat, and when it was last heard from. */
    public record WorkerInfo(String id, String device, int capacity, long lastSeen, boolean lost) {
    }

    private final Map<String, WorkerInfo> workers = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration timeout;

    public WorkerRegistry(Clock clock, Duration timeout) {
        this.clock = clock;
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Any event counts as a sign of life; only a heartbeat says how many jobs the worker takes (0 until then). */
    public void seen(String worker) {
        if (worker != null && !worker.isBlank()) {
            workers.compute(worker, (k, w) -> w == null ? new WorkerInfo(k, null, 0, clock.millis(), false)
                    : new WorkerInfo(k, w.device(), w.capacity(), clock.millis(), false));
        }
    }

    public void heartbeat(String worker, String device, int capacity) {
        if (worker != null && !worker.isBlank()) {
            workers.put(worker, new WorkerInfo(worker, device, Math.max(1, capacity), clock.millis(), false));
        }
    }

    public int alive() {
        return (int) workers.keySet().stream().filter(this::isAlive).count();
    }

    public boolean isAlive(String worker) {
        WorkerInfo w = workers.get(worker);
        return w != null && !w.lost() && w.lastSeen() >= clock.millis() - timeout.toMillis();
    }

    /** Workers that went silent for longer than the timeout since the last call, each reported once. */
    public List<WorkerInfo> newlyLost() {
        long cutoff = clock.millis() - timeout.toMillis();
        List<WorkerInfo> out = new ArrayList<>();
        for (WorkerInfo w : workers.values()) {
            if (!w.lost() && w.lastSeen() < cutoff) {
                WorkerInfo lost = new WorkerInfo(w.id(), w.device(), w.capacity(), w.lastSeen(), true);
                if (workers.replace(w.id(), w, lost)) {
                    out.add(lost);
                }
            }
        }
        return out;
    }

    /** Every worker ever heard from, by id. */
    public Map<String, WorkerInfo> all() {
        return new TreeMap<>(workers);
    }

    /** Worker id → last seen (epoch millis), sorted by id. */
    public Map<String, Long> lastSeen() {
        Map<String, Long> out = new TreeMap<>();
        workers.forEach((k, w) -> out.put(k, w.lastSeen()));
        return out;
    }
}
