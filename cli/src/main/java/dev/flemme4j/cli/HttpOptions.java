package dev.flemme4j.cli;

import picocli.CommandLine.Option;

/**
 * Where a role's HTTP server (its API, /health and /metrics) listens: the same names for every role, local only
 * unless asked (secure default). The port's default is the role's, from {@link RoleDefaults}.
 */
final class HttpOptions {
    static final String DEFAULT_HOST = "127.0.0.1";

    @Option(names = "--host", paramLabel = "HOST", defaultValue = DEFAULT_HOST,
            description = "HTTP bind address; 0.0.0.0 for all interfaces (default: ${DEFAULT-VALUE})")
    private String host;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port, 0 = any free one (default: ${DEFAULT-VALUE})")
    private int port;

    // The former spellings, accepted but not advertised; fields of their own, so the new options' defaults cannot
    // overwrite them.
    @Option(names = "--http-host", hidden = true, paramLabel = "HOST")
    private String formerHost;

    @Option(names = "--http-port", hidden = true, paramLabel = "PORT")
    private Integer formerPort;

    String host() {
        return formerHost != null ? formerHost : host;
    }

    int port() {
        return formerPort != null ? formerPort : port;
    }
}
