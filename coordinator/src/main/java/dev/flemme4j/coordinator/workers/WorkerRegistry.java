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
 *
 * <p>Silence only counts while the coordinator itself reaches Kafka ({@link #kafkaReachable(boolean)}): during a
 * broker outage no heartbeat can arrive from anyone, and after it every worker gets a whole timeout again, from
 * the moment Kafka was back, before it can be declared lost. Otherwise a 20 s broker restart would re-assign every
 * running job.
 */
public final class WorkerRegistry {
    /** What one worker said about itself in its last heartbeat, and when it was last heard from. */
    public record WorkerInfo(String id, String device, int capacity, long lastSeen, boolean lost) {
    }

    private final Map<String, WorkerInfo> workers = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration timeout;
    private volatile boolean kafkaReachable = true;
    /** When Kafka last became reachable again (0: never lost); silence before it does not count. */
    private volatile long reachableSince;

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

    /**
     * What the coordinator's own probe of the broker found; returns true when this call ended an outage.
     */
    public boolean kafkaReachable(boolean reachable) {
        if (reachable && !kafkaReachable) {
            reachableSince = clock.millis();
            kafkaReachable = true;
            return true;
        }
        if (!reachable) {
            kafkaReachable = false;
        }
        return false;
    }

    private long lastHeard(WorkerInfo w) {
        return Math.max(w.lastSeen(), reachableSince);
    }

    public int alive() {
        return (int) workers.keySet().stream().filter(this::isAlive).count();
    }

    public boolean isAlive(String worker) {
        WorkerInfo w = workers.get(worker);
        return w != null && !w.lost() && (!kafkaReachable || lastHeard(w) >= clock.millis() - timeout.toMillis());
    }

    /** Workers that went silent for longer than the timeout since the last call, each reported once. */
    public List<WorkerInfo> newlyLost() {
        long cutoff = clock.millis() - timeout.toMillis();
        List<WorkerInfo> out = new ArrayList<>();
        if (!kafkaReachable) {
            return out;
        }
        for (WorkerInfo w : workers.values()) {
            if (!w.lost() && lastHeard(w) < cutoff) {
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
