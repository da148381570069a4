package dev.casefile.bench;

import dev.casefile.config.ConfigSources;
import dev.casefile.kafka.EmbeddedKafka;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
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
        System.exit(run(args, System.getenv(), System.out).isEmpty() ? 2 : 0);
    }

    /** Runs the benchmark; the results, or empty after a usage or configuration error (printed). */
    static List<AppResult> run(String[] args, Map<String, String> env, PrintStream out) throws Exception {
        if (args.length > 0 && List.of("help", "--help", "-h").contains(args[0])) {
            out.println("Usage: casefile bench [--bench.mode quick|full] [--key value ...]\n");
            for (ConfigDef.ConfigKey key : BenchConfig.definition().configKeys().values()) {
                out.printf("%s (default: %s)%n    %s%n", key.name, ConfigDef.convertToString(key.defaultValue, key.type),
                        key.documentation);
            }
            return List.of();
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
            return List.of();
        }
        Optional<String> external = Optional.ofNullable(appSettings.remove("bootstrap.servers"));
        EmbeddedKafka broker = external.isPresent() ? null : EmbeddedKafka.start();
        try {
            String bootstrap = external.orElseGet(broker::bootstrapServers);
            String runId = Long.toString(System.currentTimeMillis(), 36);
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
            LOG.info("Benchmark finished");
            return results;
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }
}
