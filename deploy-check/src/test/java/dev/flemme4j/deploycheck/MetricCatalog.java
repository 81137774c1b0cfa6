package dev.flemme4j.deploycheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The metric tables of docker/METRICS.md: name, Prometheus type, own labels, status. */
public final class MetricCatalog {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    /** One documented metric family. */
    public record Metric(String name, String type, Set<String> labels, String status) {

        /** The series names Prometheus exposes for this family. */
        public List<String> seriesNames() {
            return switch (type) {
                case "histogram" -> List.of(name + "_bucket", name + "_count", name + "_sum", name + "_max");
                case "summary" -> List.of(name + "_count", name + "_sum", name + "_max");
                default -> List.of(name);
            };
        }

        /** Labels a selector on this family may use: its own, the target labels, and le on buckets. */
        public boolean allowsLabel(String label) {
            return labels.contains(label) || label.equals("job") || label.equals("instance") || label.equals("__name__")
                    || (label.equals("le") && type.equals("histogram"));
        }
    }

    private final Map<String, Metric> bySeries = new LinkedHashMap<>();
    private final Map<String, Metric> byName = new LinkedHashMap<>();

    private MetricCatalog() {
    }

    /** Parses every table row whose first cell is a metric name and whose second is a type. */
    public static MetricCatalog load(Path metricsMd) {
        MetricCatalog c = new MetricCatalog();
        List<String> lines;
        try {
            lines = Files.readAllLines(metricsMd);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String line : lines) {
            if (!line.startsWith("|")) {
                continue;
            }
            String[] cells = Arrays.stream(line.split("\\|", -1)).map(String::trim).toArray(String[]::new);
            // "| a | b | c | d | e |" splits into ["", a, b, c, d, e, ""]
            if (cells.length < 7 || !NAME.matcher(cells[1]).matches()
                    || !Set.of("counter", "gauge", "histogram", "summary").contains(cells[2])) {
                continue;
            }
            Set<String> labels = cells[3].isEmpty() ? Set.of()
                    : Set.copyOf(Arrays.stream(cells[3].split(",")).map(String::trim).toList());
            Metric m = new Metric(cells[1], cells[2], labels, cells[4]);
            if (m.type().equals("counter") && !m.name().endsWith("_total")) {
                throw new IllegalStateException(metricsMd + ": counter " + m.name() + " must end in _total");
            }
            if (c.byName.put(m.name(), m) != null) {
                throw new IllegalStateException(metricsMd + ": " + m.name() + " is listed twice");
            }
            for (String s : m.seriesNames()) {
                c.bySeries.putIfAbsent(s, m);
            }
        }
        return c;
    }

    /** The family a series name belongs to, or null when it is not documented. */
    public Metric forSeries(String series) {
        return bySeries.get(series);
    }

    public Map<String, Metric> metrics() {
        return byName;
    }
}
