package dev.casefile.bench;

import dev.casefile.config.CasefileConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The soak ({@code bench --bench.mode soak}): Casefile's latency phase run for many minutes with
 * short retention, sampled once a minute (heap, RSS, state on disk, p99 link latency), and judged:
 * after the warm-up, the mean of the last {@value #WINDOW} minutes may exceed the mean of the first
 * {@value #WINDOW} by at most {@link #HEAP_BOUND} (heap), {@link #RSS_BOUND} (RSS),
 * {@link #STATE_BOUND} (state) and {@link #P99_BOUND} (p99), and every complaint must come out.
 */
final class Soak {

    private static final Logger LOG = LoggerFactory.getLogger(Soak.class);

    /** Retention settings that make retention passes run and expire state within the soak (event time). */
    static final Map<String, String> SETTINGS = Map.of(
            CasefileConfig.RETENTION_UNCOMPLAINED_MS, Long.toString(Duration.ofDays(3).toMillis()),
            CasefileConfig.RETENTION_COMPLAINT_MS, Long.toString(Duration.ofDays(4).toMillis()),
            CasefileConfig.RETENTION_SCAN_INTERVAL_MS, Long.toString(Duration.ofHours(1).toMillis()),
            CasefileConfig.RATE_WINDOW_GRACE_MS, Long.toString(Duration.ofDays(1).toMillis()),
            CasefileConfig.TOPIC_INPUT_RETENTION_MS, "-1");
    /** Event time between turns: at a few thousand turns/s a 30-minute soak spans about ten days. */
    static final Duration TURN_SPACING = Duration.ofMillis(250);
    static final int WINDOW = 5;
    static final double HEAP_BOUND = 0.25;
    static final double RSS_BOUND = 0.10;
    static final double STATE_BOUND = 0.25;
    static final double P99_BOUND = 0.50;

    /** One minute of the soak. */
    record Minute(int minute, boolean warmup, long heapBytes, long rssBytes, long stateBytes, long results, long p99Ms) {
    }

    private final WorkerProcess worker;
    private final Path stateDir;
    private final LatencyTracker tracker;
    private final long warmupEndNanos;
    private final List<Minute> minutes = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "soak-sampler");
        t.setDaemon(true);
        return t;
    });
    private long lastNanos;

    Soak(WorkerProcess worker, Path stateDir, LatencyTracker tracker, long startNanos, Duration warmup) {
        this.worker = worker;
        this.stateDir = stateDir;
        this.tracker = tracker;
        this.lastNanos = startNanos;
        this.warmupEndNanos = startNanos + warmup.toNanos();
    }

    /** Samples once a minute from now until {@link #stop}. */
    void start() {
        worker.peakHeapSinceLastCall();
        timer.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.MINUTES);
    }

    List<Minute> stop() {
        timer.shutdownNow();
        synchronized (minutes) {
            return List.copyOf(minutes);
        }
    }

    /** One minute's figures; a minute that began in the warm-up counts as warm-up. Never throws (that would end the sampling). */
    private void sample() {
        try {
            long now = System.nanoTime();
            Histogram latency = tracker.arrivedBetween(lastNanos, now);
            long state = AppBenchmark.storeSizes(stateDir).values().stream().mapToLong(Long::longValue).sum();
            synchronized (minutes) {
                minutes.add(new Minute(minutes.size() + 1, lastNanos < warmupEndNanos, worker.peakHeapSinceLastCall(),
                        worker.rssBytes(), state, latency.getTotalCount(), latency.getValueAtPercentile(99)));
            }
            lastNanos = now;
        } catch (RuntimeException e) {
            LOG.warn("Soak sample failed; the minute is skipped", e);
        }
    }

    /** Whether the soak passed: see {@link #report}, which prints the same verdict. */
    static boolean passed(List<Minute> minutes, long unfinished) {
        return report(minutes, unfinished, new PrintStream(PrintStream.nullOutputStream()));
    }

    /** Prints the minutes and the verdict; true when it passed. */
    static boolean report(List<Minute> minutes, long unfinished, PrintStream out) {
        out.println();
        out.println("Soak: one line per minute (heap: most used in the minute; RSS and state: at its end; p99 of the complaints linked in it)");
        out.printf(Locale.ROOT, "%7s %9s %10s %10s %12s %9s %9s%n", "minute", "", "heap MiB", "RSS MiB", "state MiB",
                "linked", "p99 ms");
        for (Minute m : minutes) {
            out.printf(Locale.ROOT, "%7d %9s %,10d %,10d %,12d %,9d %,9d%n", m.minute(), m.warmup() ? "warm-up" : "",
                    m.heapBytes() >> 20, m.rssBytes() >> 20, m.stateBytes() >> 20, m.results(), m.p99Ms());
        }
        List<Minute> settled = minutes.stream().filter(m -> !m.warmup()).toList();
        if (settled.size() < 2 * WINDOW) {
            out.printf("Soak verdict: FAIL (only %d minutes after the warm-up; %d needed)%n", settled.size(), 2 * WINDOW);
            return false;
        }
        List<Minute> first = settled.subList(0, WINDOW);
        List<Minute> last = settled.subList(settled.size() - WINDOW, settled.size());
        boolean pass = unfinished == 0;
        pass &= check(out, "heap", first, last, Minute::heapBytes, HEAP_BOUND);
        pass &= check(out, "RSS", first, last, Minute::rssBytes, RSS_BOUND);
        pass &= check(out, "state on disk", first, last, Minute::stateBytes, STATE_BOUND);
        pass &= check(out, "p99 latency", first, last, Minute::p99Ms, P99_BOUND);
        out.printf("  complaints never linked: %d (must be 0)%n", unfinished);
        out.println("Soak verdict: " + (pass ? "PASS" : "FAIL"));
        return pass;
    }

    private static boolean check(PrintStream out, String what, List<Minute> first, List<Minute> last,
                                 ToDoubleFunction<Minute> figure, double bound) {
        double before = first.stream().mapToDouble(figure).average().orElse(0);
        double after = last.stream().mapToDouble(figure).average().orElse(0);
        double growth = before == 0 ? 0 : after / before - 1;
        boolean ok = growth <= bound;
        out.printf(Locale.ROOT, "  %s: first %d settled minutes %.0f, last %d %.0f: %+.1f%% (bound %+.0f%%) %s%n", what,
                WINDOW, scaled(what, before), WINDOW, scaled(what, after), growth * 100, bound * 100, ok ? "ok" : "GROWS");
        return ok;
    }

    private static double scaled(String what, double value) {
        return what.startsWith("p99") ? value : value / (1 << 20);
    }
}
