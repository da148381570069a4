package dev.casefile.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * End-to-end latency, from the broker's acknowledgement of the last input record a result needs to
 * the result's arrival on the output topic (read_committed). A result is a complaint for Casefile
 * (its spans, feedback and ticket) and one record for the pass-through. Producer callbacks and the
 * output reader call in from different threads, hence the one lock. A timed result whose last input
 * was acknowledged before {@link #measureFrom} counts as warm-up: it is reported apart and left out of
 * {@link #histogram()}, but it is in the per-second series.
 */
final class LatencyTracker {

    private static final long MAX_TRACKABLE_MS = TimeUnit.MINUTES.toMillis(10);

    /**
     * The results that arrived in one second: {@code second} counted from the series' start, {@code at} the same
     * second by the wall clock (to line up with a JFR recording or a log), and their latencies in ms.
     */
    record Second(long second, Instant at, long results, long p50, long p99, long max) {
    }

    private static final class Pending {
        int remaining;
        long lastAckNanos;
        long arrivedNanos = -1;
        final boolean timed;

        Pending(int records, boolean timed) {
            this.remaining = records;
            this.timed = timed;
        }
    }

    private final Map<String, Pending> pending = new HashMap<>();
    private final Histogram all = new Histogram(MAX_TRACKABLE_MS, 3);
    private final Histogram warmup = new Histogram(MAX_TRACKABLE_MS, 3);
    private long measureFromNanos = Long.MIN_VALUE;
    private final TreeMap<Long, Histogram> perSecond = new TreeMap<>();
    private final long originNanos;
    private final long originEpochMillis;
    private long expected;
    private long arrived;

    LatencyTracker(long originNanos) {
        this.originNanos = originNanos;
        this.originEpochMillis = System.currentTimeMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - originNanos);
    }

    /** A result that needs {@code records} input records; {@code timed} results count towards the latency figures. */
    synchronized void expect(String key, int records, boolean timed) {
        pending.put(key, new Pending(records, timed));
        expected++;
    }

    /** Results whose last input is acknowledged from {@code nanos} on count towards {@link #histogram()}; earlier ones are warm-up. */
    synchronized void measureFrom(long nanos) {
        measureFromNanos = nanos;
    }

    /** One input record of {@code key} was acknowledged by the broker. */
    synchronized void acked(String key, long nanos) {
        Pending p = pending.get(key);
        if (p == null) {
            return;
        }
        p.remaining--;
        p.lastAckNanos = Math.max(p.lastAckNanos, nanos);
        if (p.remaining == 0 && p.arrivedNanos >= 0) {
            finish(key, p);
        }
    }

    /** The complete result for {@code key} arrived on the output; later arrivals of the same key are ignored. */
    synchronized void arrived(String key, long nanos) {
        Pending p = pending.get(key);
        if (p == null || p.arrivedNanos >= 0) {
            return;
        }
        p.arrivedNanos = nanos;
        if (p.remaining <= 0) {
            finish(key, p);
        }
    }

    private void finish(String key, Pending p) {
        pending.remove(key);
        arrived++;
        if (p.timed) {
            long ms = Math.min(MAX_TRACKABLE_MS, Math.max(0, TimeUnit.NANOSECONDS.toMillis(p.arrivedNanos - p.lastAckNanos)));
            (p.lastAckNanos >= measureFromNanos ? all : warmup).recordValue(ms);
            long second = TimeUnit.NANOSECONDS.toSeconds(p.arrivedNanos - originNanos);
            perSecond.computeIfAbsent(second, s -> new Histogram(MAX_TRACKABLE_MS, 3)).recordValue(ms);
        }
    }

    /** Timed or not, results whose every input was acknowledged but which have not arrived. */
    synchronized long outstandingReady() {
        return pending.values().stream().filter(p -> p.remaining <= 0).count();
    }

    synchronized long outstanding() {
        return expected - arrived;
    }

    synchronized long completed() {
        return arrived;
    }

    /** The timed latencies after the warm-up so far (a copy). */
    synchronized Histogram histogram() {
        return all.copy();
    }

    /** The timed latencies of the warm-up (a copy). */
    synchronized Histogram warmupHistogram() {
        return warmup.copy();
    }

    /** The latencies of results that arrived in {@code [fromNanos, toNanos)}, warm-up or not (a merged copy). */
    synchronized Histogram arrivedBetween(long fromNanos, long toNanos) {
        Histogram merged = new Histogram(MAX_TRACKABLE_MS, 3);
        perSecond.subMap(TimeUnit.NANOSECONDS.toSeconds(fromNanos - originNanos),
                TimeUnit.NANOSECONDS.toSeconds(toNanos - originNanos)).values().forEach(merged::add);
        return merged;
    }

    /** The latencies of each second since {@code fromNanos} in which results arrived, for the chart and the CSV. */
    synchronized List<Second> perSecond(long fromNanos) {
        long offset = TimeUnit.NANOSECONDS.toSeconds(fromNanos - originNanos);
        List<Second> series = new ArrayList<>();
        perSecond.forEach((second, h) -> series.add(new Second(second - offset,
                Instant.ofEpochMilli(originEpochMillis + TimeUnit.SECONDS.toMillis(second)), h.getTotalCount(),
                h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getMaxValue())));
        return series;
    }
}
