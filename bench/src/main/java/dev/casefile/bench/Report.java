package dev.casefile.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The figures of one run as a table (printed and written to {@code results.md}), a chart ({@code bench.png}) and the
 * latency phase second by second ({@code latency-per-second.csv}).
 */
final class Report {

    private final BenchConfig bench;
    private final List<AppResult> results;
    private final String broker;

    Report(BenchConfig bench, List<AppResult> results, String broker) {
        this.bench = bench;
        this.results = results;
        this.broker = broker;
    }

    String table() {
        Optional<AppResult> cf = find("casefile");
        Optional<AppResult> pt = find("passthrough");
        StringBuilder out = new StringBuilder();
        AppResult first = results.get(0);
        out.append(String.format(Locale.ROOT, "Casefile benchmark: mode %s, %,d turns (%,d spans, %,d input records) preloaded per app, seed %d%n",
                bench.mode(), first.turns(), first.spans(), first.records(), bench.seed()));
        out.append("Machine: ").append(machine()).append('\n');
        out.append("Broker: ").append(broker).append("; apps: exactly_once_v2, one stream thread, each in its own JVM (-Xmx")
                .append(bench.workerHeap()).append(")\n\n");
        List<String> apps = results.stream().map(AppResult::app).map(Report::label).toList();
        boolean ratio = cf.isPresent() && pt.isPresent();
        row(out, "", apps, ratio ? "casefile ÷ pass-through" : "");
        section(out, "Throughput phase (preloaded input, drained as fast as the app can)");
        line(out, "input records/s", r -> num(r.recordsPerSecond()), ratio ? pct(cf.get().recordsPerSecond() / pt.get().recordsPerSecond()) : "");
        line(out, "spans/s", r -> num(r.spansPerSecond()), ratio ? pct(cf.get().spansPerSecond() / pt.get().spansPerSecond()) : "");
        if (pt.isPresent()) {
            line(out, "input records/s ÷ pass-through", r -> pct(r.recordsPerSecond() / pt.get().recordsPerSecond()), "");
        }
        line(out, "turns/s", r -> num(r.turnsPerSecond()), "");
        line(out, "drain time (s)", r -> String.format(Locale.ROOT, "%.1f", r.drainSeconds()), "");
        line(out, "Kafka writes per input record", r -> String.format(Locale.ROOT, "%.1f", r.writtenPerInput()), "");
        line(out, "app CPU ms per input record", r -> String.format(Locale.ROOT, "%.3f", r.workerCpuMsPerRecord()), "");
        line(out, "broker+harness CPU ms per record", r -> String.format(Locale.ROOT, "%.3f", r.harnessCpuMsPerRecord()), "");
        String load = bench.loadRate() > 0 ? String.format(Locale.ROOT, "a fixed %s records/s", num(bench.loadRate()))
                : String.format(Locale.ROOT, "%.0f%% of Casefile's max", bench.loadFraction() * 100);
        section(out, String.format(Locale.ROOT, "Latency phase (%s, %d s of warm-up then %d s timed; a complaint from the ack of its last input to its linked record, a reference app's record from its ack to its copy)",
                load, bench.latencyWarmup().toSeconds(), bench.latencyPhase().toSeconds()));
        line(out, "load asked / sent (records/s)", r -> num(r.targetRate()) + " / " + num(r.achievedRate()), "");
        line(out, "results timed", r -> num(r.latency().getTotalCount()), "");
        line(out, "latency p50 (ms)", r -> Long.toString(r.latency().getValueAtPercentile(50)), "");
        line(out, "latency p99 (ms)", r -> Long.toString(r.latency().getValueAtPercentile(99)), "");
        line(out, "latency max (ms)", r -> Long.toString(r.latency().getMaxValue()), "");
        line(out, "warm-up: results timed", r -> num(r.warmupLatency().getTotalCount()), "");
        line(out, "warm-up: p50 / p99 / max (ms)", r -> r.warmupLatency().getValueAtPercentile(50) + " / "
                + r.warmupLatency().getValueAtPercentile(99) + " / " + r.warmupLatency().getMaxValue(), "");
        line(out, "results never out", r -> num(r.unfinished()), "");
        section(out, "Memory and state");
        line(out, "peak heap used (MiB)", r -> mib(r.peakHeapBytes()), "");
        line(out, "peak RSS (MiB)", r -> mib(r.peakRssBytes()), "");
        line(out, "state on disk per 1M turns (MiB)", r -> mib((long) r.stateBytesPerMillionTurns()), "");
        if (cf.isPresent() && cf.get().caseFiles().getTotalCount() > 0) {
            section(out, "Console (after the latency phase: GET /api/traces/{id} for complained traces spread over all state, one at a time)");
            line(out, "case files timed", r -> r.caseFiles().getTotalCount() == 0 ? "-" : num(r.caseFiles().getTotalCount()), "");
            line(out, "case file p50 / p99 / max (ms)", r -> r.caseFiles().getTotalCount() == 0 ? "-"
                    : r.caseFiles().getValueAtPercentile(50) + " / " + r.caseFiles().getValueAtPercentile(99) + " / "
                    + r.caseFiles().getMaxValue(), "");
        }
        return out.toString();
    }

    /** Writes results.md, bench.png and latency-per-second.csv to the output directory; returns the chart's path. */
    Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("results.md"), "```\n" + table() + "```\n");
        Files.writeString(dir.resolve("latency-per-second.csv"), latencyCsv());
        XYChart throughput = chart("Throughput phase: input records/s", "seconds since the app was RUNNING", "records/s");
        XYChart latency = chart("Latency phase: p99 latency per second (ms)", String.format(Locale.ROOT,
                "seconds since the paced load began (the first %d s are warm-up)", bench.latencyWarmup().toSeconds()), "ms");
        for (AppResult r : results) {
            if (!r.throughputSeries().isEmpty()) {
                throughput.addSeries(label(r.app()), r.throughputSeries().stream().mapToDouble(p -> p[0]).toArray(),
                        r.throughputSeries().stream().mapToDouble(p -> p[1]).toArray()).setMarker(SeriesMarkers.NONE);
            }
            if (!r.latencySeries().isEmpty()) {
                latency.addSeries(label(r.app()), r.latencySeries().stream().mapToDouble(LatencyTracker.Second::second).toArray(),
                        r.latencySeries().stream().mapToDouble(LatencyTracker.Second::p99).toArray()).setMarker(SeriesMarkers.NONE);
            }
        }
        Path png = dir.resolve("bench.png");
        BitmapEncoder.saveBitmap(List.of(throughput, latency), 2, 1, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        return png;
    }

    /** One row per app and second of the latency phase; {@code utc} lines a second up with a JFR recording or a log. */
    String latencyCsv() {
        StringBuilder csv = new StringBuilder("app,second,utc,results,p50_ms,p99_ms,max_ms\n");
        for (AppResult r : results) {
            for (LatencyTracker.Second s : r.latencySeries()) {
                csv.append(String.format(Locale.ROOT, "%s,%d,%s,%d,%d,%d,%d%n", r.app(), s.second(),
                        s.at().truncatedTo(ChronoUnit.SECONDS), s.results(), s.p50(), s.p99(), s.max()));
            }
        }
        return csv.toString();
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(900).height(360).title(title).xAxisTitle(x).yAxisTitle(y).build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        return chart;
    }

    private Optional<AppResult> find(String app) {
        return results.stream().filter(r -> r.app().equals(app)).findFirst();
    }

    private void line(StringBuilder out, String name, Function<AppResult, String> value, String extra) {
        List<String> cells = new ArrayList<>();
        results.forEach(r -> cells.add(value.apply(r)));
        row(out, "  " + name, cells, extra);
    }

    private static void section(StringBuilder out, String title) {
        out.append(title).append('\n');
    }

    private static void row(StringBuilder out, String name, List<String> cells, String extra) {
        out.append(String.format(Locale.ROOT, "%-36s", name));
        cells.forEach(c -> out.append(String.format(Locale.ROOT, "%18s", c)));
        out.append(String.format(Locale.ROOT, "%26s%n", extra));
    }

    private static String label(String app) {
        return "passthrough".equals(app) ? "pass-through" : app;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f", bytes / (1024.0 * 1024.0));
    }

    static String machine() {
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "%d cores, %s %s %s, %,.0f GiB RAM, Java %s (%s)", rt.availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"),
                totalMemory() / (1024.0 * 1024 * 1024), System.getProperty("java.version"), System.getProperty("java.vm.name"));
    }

    private static double totalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }
}
