package dev.flemme4j.deploycheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flemme4j.deploycheck.DashboardQueries.Kind;
import dev.flemme4j.deploycheck.DashboardQueries.Query;
import dev.flemme4j.deploycheck.MetricCatalog.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every PromQL expression of the dashboards parses (promtool, via a rules file: `promtool check rules` parses
 * each expr without a server), and names only metrics, series and labels documented in docker/METRICS.md,
 * whose live metrics must in turn be registered somewhere in the code.
 */
class PromQlExtractionTest {

    private static final Path ROOT = Tools.repoRoot();
    private static final MetricCatalog CATALOG = MetricCatalog.load(ROOT.resolve("docker/METRICS.md"));

    @TempDir
    Path tmp;

    @Test
    void dashboardsHaveQueriesOfBothKinds() {
        List<Query> all = DashboardQueries.load(ROOT.resolve("grafana"));
        Map<String, Long> perDashboard = all.stream().collect(Collectors.groupingBy(Query::dashboard, Collectors.counting()));
        assertEquals(Set.of("cluster", "serving", "training"), perDashboard.keySet(), "dashboards found: " + perDashboard);
        assertTrue(all.stream().anyMatch(q -> q.kind() == Kind.VARIABLE), "no template variable found");
        assertTrue(all.size() >= 40, "suspiciously few queries: " + all.size());
    }

    @Test
    void everyExpressionParses() throws IOException {
        List<Query> all = DashboardQueries.load(ROOT.resolve("grafana"));
        Tools.Result r = checkRules(all.stream().map(Query::evaluable).toList());
        StringBuilder legend = new StringBuilder();
        for (int i = 0; i < all.size(); i++) {
            legend.append(String.format("  rule %d = %s: %s%n", i, all.get(i).where(), all.get(i).evaluable()));
        }
        assertEquals(0, r.exit(), r.describe() + "\nrules by index:\n" + legend);
    }

    @Test
    void promtoolRejectsABrokenExpression() throws IOException {
        // proves the check above is not vacuous
        Tools.Result r = checkRules(List.of("sum by (job) (rate(flemme_train_samples_total[5m])"));
        assertNotEquals(0, r.exit(), "promtool accepted an unbalanced expression:\n" + r.output());
    }

    @Test
    void everyMetricSeriesAndLabelIsDocumented() {
        List<String> problems = new ArrayList<>();
        for (Query q : DashboardQueries.load(ROOT.resolve("grafana"))) {
            problems.addAll(undocumented(q.evaluable()).stream().map(p -> q.where() + ": " + p).toList());
        }
        assertTrue(problems.isEmpty(), "dashboards use what docker/METRICS.md does not document:\n  "
                + String.join("\n  ", problems));
    }

    @Test
    void undocumentedNamesAndLabelsAreCaught() {
        assertEquals(List.of("metric flemme_train_lossy is not in docker/METRICS.md"),
                undocumented("avg(flemme_train_lossy{job=~\".*\"})"));
        assertEquals(List.of("label wroker is not a label of flemme_train_loss"),
                undocumented("flemme_train_loss{wroker=\"w1\"}"));
        assertEquals(List.of("grouping label modle is not a label of any metric in the expression"),
                undocumented("sum by (modle) (rate(flemme_infer_requests_total[5m]))"));
        assertEquals(List.of(), undocumented(
                "histogram_quantile(0.99, sum by (le, model) (rate(flemme_infer_latency_seconds_bucket{model=~\".*\"}[5m]))) or vector(0)"));
    }

    /** Each live flemme_* metric is registered by some module: its Micrometer name is in src/main. */
    @Test
    void liveMetricsAreRegisteredInCode() throws IOException {
        String sources;
        try (Stream<Path> files = Files.walk(ROOT)) {
            sources = files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/"))
                    .map(p -> {
                        try {
                            return Files.readString(p);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).collect(Collectors.joining("\n"));
        }
        List<String> missing = new ArrayList<>();
        for (Metric m : CATALOG.metrics().values()) {
            if (!m.name().startsWith("flemme_") || !m.status().equals("live")) {
                continue;
            }
            // Micrometer adds _total to counters and _seconds to timers; the code may use dots or underscores
            String base = m.name().replaceFirst("_total$", "");
            List<String> candidates = Stream.of(base, base.replaceFirst("_seconds$", ""))
                    .flatMap(n -> Stream.of(n, n.replace('_', '.'))).distinct().toList();
            if (candidates.stream().noneMatch(c -> sources.contains("\"" + c + "\""))) {
                missing.add(m.name() + " (looked for " + candidates + ")");
            }
        }
        assertTrue(missing.isEmpty(), "docker/METRICS.md lists these as live, but no src/main registers them; "
                + "fix the name or mark them planned:\n  " + String.join("\n  ", missing));
    }

    static List<String> undocumented(String expr) {
        List<String> problems = new ArrayList<>();
        List<Metric> used = new ArrayList<>();
        for (String name : PromQl.metricNames(expr)) {
            Metric m = CATALOG.forSeries(name);
            if (m == null) {
                problems.add("metric " + name + " is not in docker/METRICS.md");
            } else {
                used.add(m);
            }
        }
        for (Map.Entry<String, String> sel : PromQl.matchers(expr)) {
            Metric m = CATALOG.forSeries(sel.getKey());
            if (m != null && !m.allowsLabel(sel.getValue())) {
                problems.add("label " + sel.getValue() + " is not a label of " + sel.getKey());
            }
        }
        for (String label : PromQl.groupingLabels(expr)) {
            if (used.stream().noneMatch(m -> m.allowsLabel(label))) {
                problems.add("grouping label " + label + " is not a label of any metric in the expression");
            }
        }
        return problems;
    }

    private Tools.Result checkRules(List<String> exprs) throws IOException {
        Path promtool = Tools.onPath("promtool", "prometheus");
        ObjectMapper json = new ObjectMapper();
        StringBuilder yaml = new StringBuilder("groups:\n  - name: dashboards\n    rules:\n");
        for (int i = 0; i < exprs.size(); i++) {
            // a JSON string is a valid YAML scalar: no quoting rules of our own
            yaml.append("      - record: dashboard:expr_").append(i).append('\n')
                    .append("        expr: ").append(json.writeValueAsString(exprs.get(i))).append('\n');
        }
        Path rules = Files.writeString(tmp.resolve("dashboards.rules.yml"), yaml);
        return Tools.run(Duration.ofSeconds(30), ROOT, List.of(promtool.toString(), "check", "rules", rules.toString()));
    }
}
