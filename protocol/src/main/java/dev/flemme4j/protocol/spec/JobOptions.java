package dev.flemme4j.protocol.spec;

import dev.flemme4j.protocol.config.ConfigNode;
import java.util.regex.Pattern;

/**
 * flemme4j's own optional {@code job:} block, the only part of a job file that Flemme does not know.
 *
 * @param name  human name, also the served model's name (default: derived from the job id)
 * @param serve publish the exported model to serving when training completes
 */
public record JobOptions(String name, boolean serve, int priority, long checkpointEvery) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

    public static JobOptions defaults() {
        return new JobOptions(null, true, 0, 0);
    }

    public static JobOptions parse(ConfigNode n) {
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
        n.rejectUnknownKeys();
        return new JobOptions(name, serve, (int) priority, checkpointEvery);
    }
}
