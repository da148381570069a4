package dev.casefile.bench;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;
import static org.apache.kafka.common.config.ConfigDef.Range.between;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidList;
import org.apache.kafka.common.config.ConfigDef.ValidString;

/** Settings of the {@code bench} command (keys start with {@code bench.}); every other key configures both apps. */
public final class BenchConfig extends AbstractConfig {

    public static final String PREFIX = "bench.";
    public static final String MODE = "bench.mode";
    public static final String TURNS = "bench.turns";
    public static final String LATENCY_SECONDS = "bench.latency.seconds";
    public static final String WARMUP_SECONDS = "bench.latency.warmup.seconds";
    public static final String LOAD_FRACTION = "bench.load.fraction";
    public static final String LOAD_RATE = "bench.load.rate";
    public static final String SEED = "bench.seed";
    public static final String OUTPUT_DIR = "bench.output.dir";
    public static final String APPS = "bench.apps";
    public static final String WORKER_HEAP = "bench.worker.heap";
    public static final String WORKER_JVM_OPTIONS = "bench.worker.jvm.options";
    public static final String PHASE_TIMEOUT_SECONDS = "bench.phase.timeout.seconds";
    public static final String CASE_FILES = "bench.case.files";
    public static final String RECOVERY_TURNS = "bench.recovery.turns";
    public static final String SOAK_MINUTES = "bench.soak.minutes";
    public static final String SOAK_WARMUP_MINUTES = "bench.soak.warmup.minutes";
    public static final String RECOVERY_INSTANCES = "bench.recovery.instances";

    /** Turns of the full mode: about ten million spans at six spans a turn. */
    static final int FULL_TURNS = 1_700_000;
    static final int QUICK_TURNS = 30_000;
    static final int SOAK_PRELOAD_TURNS = 100_000;
    static final List<String> QUICK_APPS = List.of("casefile", "passthrough");
    static final List<String> FULL_APPS = List.of("casefile", "passthrough", "decoding", "storing");

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(MODE, Type.STRING, "quick", ValidString.in("quick", "full", "recovery", "soak"), HIGH,
                    "quick: " + QUICK_TURNS + " preloaded turns and 5 + 10 s of paced load per app (about a minute and a half "
                            + "in all); full: " + FULL_TURNS + " turns (about ten million spans) and 30 + 60 s of paced load; "
                            + "recovery: for each of " + RECOVERY_TURNS + " and " + RECOVERY_INSTANCES + ", Casefile builds that "
                            + "state, one instance is killed with SIGKILL and restarted, and the times to RUNNING and to the "
                            + "first new linked complaint are printed; soak: Casefile alone, " + SOAK_PRELOAD_TURNS
                            + " preloaded turns, then " + SOAK_MINUTES + " of paced load at half its maximum with short "
                            + "retention, sampled every minute and judged flat or not.")
            .define(SOAK_MINUTES, Type.INT, 30, between(2 * Soak.WINDOW + 1, 120), MEDIUM,
                    "Soak mode: minutes of paced load, warm-up included; at least the warm-up and twice the "
                            + Soak.WINDOW + " minutes compared.")
            .define(SOAK_WARMUP_MINUTES, Type.INT, 15, between(1, 120), MEDIUM,
                    "Soak mode: minutes at the start that are not judged (state grows until retention starts expiring it).")
            .define(RECOVERY_TURNS, Type.LIST, List.of("250000", "1000000", "2000000"), new PositiveInts(), MEDIUM,
                    "Recovery mode: the preloaded turns of each state size measured.")
            .define(RECOVERY_INSTANCES, Type.LIST, List.of("1", "2"), ValidList.in("1", "2"), MEDIUM,
                    "Recovery mode: measure with one instance, and with two (num.standby.replicas=1), killing the first.")
            .define(TURNS, Type.INT, 0, between(0, 100_000_000), MEDIUM,
                    "Preloaded turns per app for the throughput phase; 0 takes the mode's number.")
            .define(LATENCY_SECONDS, Type.INT, 0, between(0, 3600), MEDIUM,
                    "Seconds of paced load for the latency phase; 0 takes the mode's (10 quick, 60 full).")
            .define(WARMUP_SECONDS, Type.INT, -1, between(-1, 3600), MEDIUM,
                    "Seconds of the same paced load before the latency phase's timed part; complaints whose last input "
                            + "is acknowledged in them are reported apart, as warm-up. -1 takes the mode's (5 quick, 30 full); 0: none.")
            .define(LOAD_FRACTION, Type.DOUBLE, 0.5, between(0.01, 1.0), MEDIUM,
                    "The latency phase's load, as a fraction of Casefile's maximum input records/s measured in the same run; every app gets the same load.")
            .define(LOAD_RATE, Type.DOUBLE, 0.0, atLeast(0.0), MEDIUM,
                    "The latency phase's load in input records/s, for every app; 0 takes " + LOAD_FRACTION + " of Casefile's "
                            + "measured maximum. Set it to compare runs with different settings at the same load.")
            .define(CASE_FILES, Type.INT, 500, between(0, 100_000), MEDIUM,
                    "Case files of complained traces the console phase times (GET /api/traces/{id} on Casefile's console, after "
                            + "the latency phase); 0 skips the phase.")
            .define(SEED, Type.LONG, 42L, LOW, "Seed of the generated traffic; the same seed gives the same traffic.")
            .define(OUTPUT_DIR, Type.STRING, "bench-results", LOW,
                    "Where the results table, chart, worker logs and state directories go.")
            .define(APPS, Type.LIST, List.of(), ValidList.in(true, "casefile", "passthrough", "decoding", "storing"), LOW,
                    "Apps to measure, in order; empty takes the mode's (quick: " + String.join(",", QUICK_APPS) + "; full: "
                            + String.join(",", FULL_APPS) + "). passthrough copies the input records to one output topic; "
                            + "decoding also decodes them as Casefile must; storing also puts each into a logged store "
                            + "(see docs/benchmarks.md). Ratios need passthrough; the latency load comes from the first casefile run.")
            .define(WORKER_HEAP, Type.STRING, "1g", LOW, "-Xmx of each app's JVM.")
            .define(WORKER_JVM_OPTIONS, Type.STRING, "", LOW,
                    "Extra JVM options of the apps' JVMs, separated by spaces, e.g. "
                            + "-XX:StartFlightRecording=filename=cf.jfr,settings=profile to profile.")
            .define(PHASE_TIMEOUT_SECONDS, Type.INT, 0, atLeast(0), LOW,
                    "Give up on a phase after this long; 0 takes the mode's (300 quick, 3600 full).");

    public BenchConfig(Map<String, ?> props) {
        super(DEFINITION, props, false);
        if (soak() && getInt(SOAK_MINUTES) < getInt(SOAK_WARMUP_MINUTES) + 2 * Soak.WINDOW) {
            throw new ConfigException(SOAK_MINUTES + " must be at least " + SOAK_WARMUP_MINUTES + " + " + 2 * Soak.WINDOW
                    + " (the minutes compared after the warm-up)");
        }
    }

    /** A list of whole numbers above zero. */
    private static final class PositiveInts implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            for (Object item : (List<?>) value) {
                try {
                    if (Integer.parseInt(item.toString().trim()) <= 0) {
                        throw new ConfigException(name, item, "must be above zero");
                    }
                } catch (NumberFormatException e) {
                    throw new ConfigException(name, item, "not a whole number");
                }
            }
        }
    }

    public static ConfigDef definition() {
        return new ConfigDef(DEFINITION);
    }

    boolean full() {
        return "full".equals(getString(MODE));
    }

    String mode() {
        return getString(MODE);
    }

    int turns() {
        int turns = getInt(TURNS);
        return turns > 0 ? turns : full() ? FULL_TURNS : soak() ? SOAK_PRELOAD_TURNS : QUICK_TURNS;
    }

    /** The timed part of the latency phase (in the soak: what follows its warm-up). */
    Duration latencyPhase() {
        if (soak()) {
            return Duration.ofMinutes(getInt(SOAK_MINUTES)).minus(latencyWarmup());
        }
        int seconds = getInt(LATENCY_SECONDS);
        return Duration.ofSeconds(seconds > 0 ? seconds : full() ? 60 : 10);
    }

    Duration latencyWarmup() {
        if (soak()) {
            return Duration.ofMinutes(getInt(SOAK_WARMUP_MINUTES));
        }
        int seconds = getInt(WARMUP_SECONDS);
        return Duration.ofSeconds(seconds >= 0 ? seconds : full() ? 30 : 5);
    }

    boolean soak() {
        return "soak".equals(getString(MODE));
    }

    double loadFraction() {
        return getDouble(LOAD_FRACTION);
    }

    /** The latency phase's fixed load in input records/s, or 0 for a fraction of Casefile's measured maximum. */
    double loadRate() {
        return getDouble(LOAD_RATE);
    }

    long seed() {
        return getLong(SEED);
    }

    Path outputDir() {
        return Path.of(getString(OUTPUT_DIR));
    }

    List<String> apps() {
        List<String> apps = getList(APPS);
        return soak() ? List.of("casefile") : !apps.isEmpty() ? apps : full() ? FULL_APPS : QUICK_APPS;
    }

    boolean recovery() {
        return "recovery".equals(getString(MODE));
    }

    List<Integer> recoveryTurns() {
        return getList(RECOVERY_TURNS).stream().map(t -> Integer.parseInt(t.trim())).toList();
    }

    List<Integer> recoveryInstances() {
        return getList(RECOVERY_INSTANCES).stream().map(Integer::parseInt).toList();
    }

    /** Case files the console phase times; 0: no console phase (nor in the soak). */
    int caseFiles() {
        return soak() ? 0 : getInt(CASE_FILES);
    }

    List<String> workerJvmOptions() {
        List<String> options = new java.util.ArrayList<>();
        options.add("-Xmx" + getString(WORKER_HEAP));
        String extra = getString(WORKER_JVM_OPTIONS).trim();
        if (!extra.isEmpty()) {
            options.addAll(List.of(extra.split("\\s+")));
        }
        return options;
    }

    String workerHeap() {
        return getString(WORKER_HEAP);
    }

    Duration phaseTimeout() {
        int seconds = getInt(PHASE_TIMEOUT_SECONDS);
        return Duration.ofSeconds(seconds > 0 ? seconds : full() || recovery() || soak() ? 3600 : 300);
    }
}
