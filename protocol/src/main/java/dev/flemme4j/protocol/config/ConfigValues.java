package dev.flemme4j.protocol.config;

import java.util.List;
import java.util.Map;

/** Scalar conversions of YAML values and the "did you mean" suggestion, shared by every config reader. */
final class ConfigValues {
    private ConfigValues() {
    }

    static boolean isIntegral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
                || n instanceof java.math.BigInteger;
    }

    static int toInt(String path, Object v) {
        if (v instanceof Number n && isIntegral(n)) {
            long l = n.longValue();
            if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                throw new ConfigException(path, "integer out of range: " + l);
            }
            return (int) l;
        }
        if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return d.intValue();
        }
        throw new ConfigException(path, "expected an integer but found " + describe(v));
    }

    static double toDouble(String path, Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            // YAML 1.1 reads "1e-4" (no dot) as a string; Python's yaml does the same and torch then accepts
            // it via float(), so accept numeric strings too.
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw new ConfigException(path, "expected a number but found " + describe(v));
    }

    static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map) {
            return "a mapping";
        }
        if (v instanceof List) {
            return "a list";
        }
        if (v instanceof String s) {
            return "'" + s + "'";
        }
        return String.valueOf(v);
    }

    /** "; did you mean 'X'?" for the closest allowed name within a small edit distance, else "". */
    public static String suggestion(String given, List<String> allowed) {
        String best = null;
        int bestDist = Integer.MAX_VALUE;
        for (String a : allowed) {
            if (a == null) {
                continue;
            }
            int d = editDistance(given.toLowerCase(), a.toLowerCase());
            if (d < bestDist) {
                bestDist = d;
                best = a;
            }
        }
        if (best != null && bestDist <= Math.max(2, given.length() / 3)) {
            return "; did you mean '" + best + "'?";
        }
        return "";
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
