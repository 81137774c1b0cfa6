package dev.flemme4j.protocol.spec;

import static dev.flemme4j.protocol.registry.KeyType.BOOL;
import static dev.flemme4j.protocol.registry.KeyType.INT;
import static dev.flemme4j.protocol.registry.KeyType.STRING;

import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.registry.Key;
import dev.flemme4j.protocol.registry.KeySet;
import java.util.regex.Pattern;

/**
 * flemme4j's own optional {@code job:} block, the only part of a job file that Flemme does not know.
 *
 * @param name            human name, also the served model's name (default: derived from the job id)
 * @param serve           publish the exported model to serving when training completes
 * @param replicas        workers that train the job together, data-parallel (1: an ordinary job)
 * @param syncEvery       with replicas: average parameters and Adam moments every this many steps (and always at
 *                        epoch end);
 *                        0 = at epoch ends only
 * @param syncTimeoutSeconds with replicas: how long one averaging round waits for the others before the attempt
 *                        fails
 */
public record JobOptions(String name, boolean serve, int priority, long checkpointEvery, int replicas,
        long syncEvery, int syncTimeoutSeconds) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
    /** More replicas than this is a typo rather than a cluster (and every round's wait grows with the count). */
    public static final int MAX_REPLICAS = 64;

    public static final KeySet KEYS = KeySet.of(
            Key.of("name", STRING, null, "names the served model (default: the job id)"),
            Key.of("serve", BOOL, "true", "publish the exported model to serving when training completes"),
            Key.of("priority", INT, "0", "higher runs first when jobs wait for a worker (-1000..1000)"),
            Key.of("checkpoint_every", INT, "0", "also checkpoint every N steps inside epochs (0: only every"
                    + " save_after_epochs)"),
            Key.of("replicas", INT, "1", "workers that train the job together, data-parallel: each reads 1/N of every"
                    + " epoch, parameters are averaged (1.." + MAX_REPLICAS + ")"),
            Key.of("sync_every", INT, "10", "with replicas: average parameters and Adam moments every N steps and at every epoch end"
                    + " (0: epoch ends only)"),
            Key.of("sync_timeout", INT, "120", "with replicas: seconds a round waits for the other replicas before"
                    + " the attempt fails"));

    public static JobOptions defaults() {
        return new JobOptions(null, true, 0, 0, 1, 10, 120);
    }

    /** Parses the {@code job:} block, bound to {@link #KEYS} here so that any caller gets the declared keys only. */
    public static JobOptions parse(ConfigNode raw) {
        ConfigNode n = KEYS.bind(raw);
        String name = n.string("name", null);
        if (name != null && !NAME.matcher(name).matches()) {
            throw n.error("name", "'" + name + "' must be 1-63 letters, digits, '.', '_' or '-' (it names the served model in URLs)");
        }
        boolean serve = n.bool("serve", true);
        long priority = n.longValue("priority", 0);
        if (priority < -1000 || priority > 1000) {
            throw n.error("priority", "must be between -1000 and 1000, got " + priority);
        }
        long checkpointEvery = n.longValue("checkpoint_every", 0);
        if (checkpointEvery < 0) {
            throw n.error("checkpoint_every", "must be 0 (only at save_after_epochs) or a positive step count, got "
                    + checkpointEvery);
        }
        long replicas = n.longValue("replicas", 1);
        if (replicas < 1 || replicas > MAX_REPLICAS) {
            throw n.error("replicas", "must be between 1 and " + MAX_REPLICAS + ", got " + replicas);
        }
        long syncEvery = n.longValue("sync_every", 10);
        if (syncEvery < 0) {
            throw n.error("sync_every", "must be 0 (epoch ends only) or a positive step count, got " + syncEvery);
        }
        long syncTimeout = n.longValue("sync_timeout", 120);
        if (syncTimeout < 1 || syncTimeout > 86_400) {
            throw n.error("sync_timeout", "must be between 1 and 86400 seconds, got " + syncTimeout);
        }
        n.rejectUnknownKeys();
        return new JobOptions(name, serve, (int) priority, checkpointEvery, (int) replicas, syncEvery, (int) syncTimeout);
    }
}
