package dev.flemme4j.cli;

import picocli.CommandLine.Option;

/** The interface a role's HTTP server binds: local only unless asked (secure default), the same for every role. */
final class BindOptions {
    static final String DEFAULT_HOST = "127.0.0.1";

    @Option(names = "--host", paramLabel = "HOST", defaultValue = DEFAULT_HOST,
            description = "HTTP bind address; 0.0.0.0 for all interfaces (default: ${DEFAULT-VALUE})")
    private String host;

    /** The worker's former spelling; accepted, not advertised. A field of its own, so the default of the new spelling cannot overwrite it. */
    @Option(names = "--http-host", hidden = true, paramLabel = "HOST")
    private String formerHost;

    String host() {
        return formerHost != null ? formerHost : host;
    }
}
