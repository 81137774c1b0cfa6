package dev.flemme4j.observability.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tokens an HTTP API accepts. Only their SHA-256 digests are kept, and {@link #accepts} compares the digest of
 * the offered token with every stored one using {@link MessageDigest#isEqual} (constant time) and without an early
 * exit, so neither the token length nor how many characters matched shows in the response time.
 *
 * <p>Sources: a file with one token per line ({@code #} starts a comment, blank lines ignored), or a
 * comma-separated environment variable. Tokens shorter than {@link #MIN_LENGTH} characters are refused at load.
 */
public final class BearerTokens {

    /** Default environment variable holding comma-separated tokens. */
    public static final String ENV = "FLEMME_AUTH_TOKENS";
    public static final int MIN_LENGTH = 16;

    private final List<byte[]> digests;

    private BearerTokens(List<String> tokens, String source) {
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException(source + " holds no token");
        }
        List<byte[]> d = new ArrayList<>();
        for (String t : tokens) {
            if (t.length() < MIN_LENGTH) {
                throw new IllegalArgumentException(source + ": a token is " + t.length() + " characters; tokens need at least " + MIN_LENGTH);
            }
            d.add(sha256(t));
        }
        this.digests = List.copyOf(d);
    }

    public static BearerTokens of(String... tokens) {
        return new BearerTokens(Arrays.asList(tokens), "token list");
    }

    /** One token per line; {@code #} comments and blank lines skipped. */
    public static BearerTokens fromFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read token file " + file + ": " + e.getMessage(), e);
        }
        List<String> tokens = new ArrayList<>();
        for (String line : lines) {
            int hash = line.indexOf('#');
            String t = (hash < 0 ? line : line.substring(0, hash)).trim();
            if (!t.isEmpty()) {
                tokens.add(t);
            }
        }
        return new BearerTokens(tokens, "token file " + file);
    }

    /** Comma-separated tokens from the value of an environment variable (e.g. {@link #ENV}). */
    public static BearerTokens fromEnvValue(String name, String value) {
        List<String> tokens = new ArrayList<>();
        for (String t : (value == null ? "" : value).split(",")) {
            if (!t.isBlank()) {
                tokens.add(t.trim());
            }
        }
        return new BearerTokens(tokens, "environment variable " + name);
    }

    /** Whether {@code token} is one of the accepted tokens; null or empty is not. */
    public boolean accepts(String token) {
        if (token == null || token.isEmpty()) {
            return false;
        }
        byte[] offered = sha256(token);
        boolean match = false;
        for (byte[] d : digests) {
            match |= MessageDigest.isEqual(d, offered);
        }
        return match;
    }

    public int size() {
        return digests.size();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JVM without SHA-256", e);
        }
    }
}
