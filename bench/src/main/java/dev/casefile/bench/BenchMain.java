package dev.casefile.bench;

import dev.casefile.config.ConfigSources;
import dev.casefile.kafka.EmbeddedKafka;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code casefile bench}: Casefile and the {@link ReferenceApps} on the same traffic and broker, one
 * after the other, each in its own JVM; prints the table and writes it with a chart.
 * {@code bench.*} keys configure the benchmark ({@code --bench.mode full}); any other key
 * configures both apps ({@code --bootstrap-servers}, {@code --topic.partitions}, {@code --kafka.*}).
 */
public final class BenchMain {

    private static final Logger LOG = LoggerFactory.getLogger(BenchMain.class);

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.getenv(), System.out).map(results -> passed(results) ? 0 : 1).orElse(2));
    }

    /** False only for a soak whose figures were not flat (exit code 1). */
    private static boolean passed(List<AppResult> results) {
        return results.stream().filter(r -> !r.soak().isEmpty()).allMatch(r -> Soak.passed(r.soak(), r.unfinished()));
    }

    /** The recovery mode: one line per state size and instance count, printed as each is measured. */
    private static void recovery(BenchConfig bench, Map<String, String> appSettings, String bootstrap, String runId,
                                 PrintStream out) throws Exception {
        RecoveryBenchmark recovery = new RecoveryBenchmark(bench, appSettings, bootstrap, runId);
        List<String> rows = new ArrayList<>();
        String header = String.format("%12s %10s %14s %12s %23s %26s %27s", "turns", "instances", "transactional",
                "state (MiB)", "restart -> RUNNING (s)", "restart -> all linked (s)", "changelog records restored");
        for (int turns : bench.recoveryTurns()) {
            for (int instances : bench.recoveryInstances()) {
                for (RecoveryBenchmark.Result r : recovery.run(turns, instances)) {
                    String row = String.format(Locale.ROOT, "%,12d %10d %14s %,12d %23.1f %26.1f %,27d", r.turns(),
                            r.instances(), r.transactional() ? "on" : "off", r.stateBytes() >> 20,
                            r.restartToRunningMs() / 1000.0, r.restartToLinkedMs() / 1000.0, r.restoredRecords());
                    LOG.info("[recovery] {}", row);
                    rows.add(row);
                }
            }
        }
        out.println();
        out.println(header);
        rows.forEach(out::println);
        LOG.info("Recovery benchmark finished");
    }

    /**
     * Runs the benchmark; the results (none in the recovery mode, which prints its own), or empty after a usage or
     * configuration error (printed).
     */
    static Optional<List<AppResult>> run(String[] args, Map<String, String> env, PrintStream out) throws Exception {
        if (args.length > 0 && List.of("help", "--help", "-h").contains(args[0])) {
            out.println("Usage: casefile bench [--bench.mode quick|full|recovery|soak] [--key value ...]\n");
            for (ConfigDef.ConfigKey key : BenchConfig.definition().configKeys().values()) {
                out.printf("%s (default: %s)%n    %s%n", key.name, ConfigDef.convertToString(key.defaultValue, key.type),
                        key.documentation);
            }
            return Optional.empty();
        }
        BenchConfig bench;
        Map<String, String> appSettings = new HashMap<>();
        try {
            Map<String, String> settings = ConfigSources.resolve(Arrays.asList(args), env);
            Map<String, String> benchSettings = new HashMap<>();
            settings.forEach((k, v) -> (k.startsWith(BenchConfig.PREFIX) ? benchSettings : appSettings).put(k, v));
            bench = new BenchConfig(benchSettings);
        } catch (ConfigException e) {
            out.println("Configuration error: " + e.getMessage());
            return Optional.empty();
        }
        Optional<String> external = Optional.ofNullable(appSettings.remove("bootstrap.servers"));
        EmbeddedKafka broker = external.isPresent() ? null : EmbeddedKafka.start();
        try {
            String bootstrap = external.orElseGet(broker::bootstrapServers);
            String runId = Long.toString(System.currentTimeMillis(), 36);
            if (bench.recovery()) {
                recovery(bench, appSettings, bootstrap, runId, out);
                return Optional.of(List.of());
            }
            List<AppResult> results = new ArrayList<>();
            double load = bench.loadRate();
            for (String app : bench.apps()) {
                AppResult result = new AppBenchmark(app, bench, appSettings, bootstrap, runId).run(load);
                results.add(result);
                if (load == 0 && app.equals("casefile")) {
                    load = result.recordsPerSecond() * bench.loadFraction();
                }
            }
            Report report = new Report(bench, results, external.map(b -> "external " + b)
                    .orElse("embedded KRaft broker (kafka_2.13) in the harness JVM"));
            out.println();
            out.print(report.table());
            Path chart = report.write(bench.outputDir());
            out.println("\nWritten: " + bench.outputDir().resolve("results.md") + ", " + chart);
            if (bench.soak()) {
                Soak.report(results.get(0).soak(), results.get(0).unfinished(), out);
            }
            LOG.info("Benchmark finished");
            return Optional.of(results);
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }
}
