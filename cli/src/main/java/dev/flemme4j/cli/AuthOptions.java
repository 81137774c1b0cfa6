package dev.flemme4j.cli;

import dev.flemme4j.observability.auth.BearerTokens;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Bearer-token auth of a role's HTTP server, the same option and environment variable for every role: tokens from
 * {@code --auth-tokens FILE}, else from {@code $FLEMME_AUTH_TOKENS}; neither = no auth (fine on 127.0.0.1).
 */
final class AuthOptions {
    @Option(names = "--auth-tokens", paramLabel = "FILE", description = "file with one bearer token per line; then every route but /health needs "
            + "'Authorization: Bearer TOKEN'. Without it, tokens are read from $" + BearerTokens.ENV + " (comma-separated) when set")
    private Path authTokens;

    /** The configured tokens, or null when auth is off. */
    BearerTokens tokens() {
        String env = System.getenv(BearerTokens.ENV);
        if (authTokens != null) {
            return BearerTokens.fromFile(authTokens);
        }
        return env != null && !env.isBlank() ? BearerTokens.fromEnvValue(BearerTokens.ENV, env) : null;
    }
}
