package dev.flemme4j.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every PromQL expression of the Grafana dashboards, as data: panel targets and the selectors of the
 * {@code label_values(...)} template variables. Used here for the syntax and metric-name checks, and meant for
 * the live-Prometheus test, which can evaluate each {@link Query#evaluable()} and expect data.
 *
 * <pre>{@code List<Query> all = DashboardQueries.load(repoRoot.resolve("grafana"));}</pre>
 */
public final class DashboardQueries {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)\\s*$");
    private static final Pattern INTERVAL_VAR = Pattern.compile("\\$\\{?(__rate_interval|__interval|__range)\\}?");
    private static final Pattern VAR = Pattern.compile("\\$\\{([a-zA-Z0-9_]+)(:[a-z]+)?\\}|\\$([a-zA-Z_][a-zA-Z0-9_]*)|\\[\\[([a-zA-Z0-9_]+)\\]\\]");

    private DashboardQueries() {
    }

    /** Where an expression comes from. */
    public enum Kind {
        /** a panel target's {@code expr} */
        PANEL,
        /** a query variable's {@code label_values(selector, label)}; {@code expr} is the whole call */
        VARIABLE
    }

    /**
     * One query of one dashboard.
     *
     * @param dashboard  the dashboard file name without .json (training, serving, cluster)
     * @param panelTitle the panel's title, or "variable NAME"
     * @param refId      the target's refId (A, B, ...) or the variable name
     * @param kind       panel target or template variable
     * @param expr       the expression exactly as in the dashboard, Grafana variables included
     */
    public record Query(String dashboard, String panelTitle, String refId, Kind kind, String expr) {

        /**
         * A PromQL expression Prometheus accepts: Grafana's interval variables become 5m, every other variable
         * becomes {@code .*} (the dashboards use them only in {@code =~} matchers, where that means "All").
         * A variable query becomes {@code count by (label) (selector)}: it returns data exactly when the
         * variable would have values.
         */
        public String evaluable() {
            String e = expr;
            if (kind == Kind.VARIABLE) {
                Matcher m = LABEL_VALUES.matcher(e);
                if (!m.matches()) {
                    throw new IllegalStateException(this + ": only label_values(selector, label) is supported");
                }
                e = "count by (" + m.group(2) + ") (" + m.group(1).trim() + ")";
            }
            e = INTERVAL_VAR.matcher(e).replaceAll("5m");
            return VAR.matcher(e).replaceAll(Matcher.quoteReplacement(".*"));
        }

        /** dashboard / panel / refId, for messages. */
        public String where() {
            return dashboard + " / " + panelTitle + " / " + refId;
        }
    }

    /** Reads {@code grafanaDir/dashboards/*.json}, in file-name order, panels in document order. */
    public static List<Query> load(Path grafanaDir) {
        List<Query> out = new ArrayList<>();
        for (Path file : dashboardFiles(grafanaDir)) {
            String name = file.getFileName().toString().replaceFirst("\\.json$", "");
            JsonNode dash = read(file);
            for (JsonNode v : dash.path("templating").path("list")) {
                if ("query".equals(v.path("type").asText())) {
                    JsonNode q = v.path("query");
                    String expr = q.isObject() ? q.path("query").asText() : q.asText();
                    out.add(new Query(name, "variable " + v.path("name").asText(), v.path("name").asText(), Kind.VARIABLE, expr));
                }
            }
            collectPanels(name, dash.path("panels"), out);
        }
        return out;
    }

    /** The dashboard JSON files, sorted. */
    public static List<Path> dashboardFiles(Path grafanaDir) {
        try (Stream<Path> s = Files.list(grafanaDir.resolve("dashboards"))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void collectPanels(String dashboard, JsonNode panels, List<Query> out) {
        for (JsonNode p : panels) {
            for (JsonNode t : p.path("targets")) {
                if (t.hasNonNull("expr")) {
                    out.add(new Query(dashboard, p.path("title").asText(), t.path("refId").asText(), Kind.PANEL,
                            t.path("expr").asText()));
                }
            }
            collectPanels(dashboard, p.path("panels"), out); // panels of collapsed rows
        }
    }
}
