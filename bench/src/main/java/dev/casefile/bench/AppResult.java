package dev.casefile.bench;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * One app's figures. Throughput phase: {@code records} preloaded input records ({@code spans}
 * spans, {@code turns} turns) drained in {@code drainSeconds}. Latency phase: {@code targetRate}
 * records/s asked, {@code achievedRate} sent, {@code latency} in ms after the warm-up and
 * {@code warmupLatency} during it, {@code unfinished} results whose
 * inputs were all acknowledged but which never arrived. Memory: peaks of the app's JVM. State:
 * bytes under its state directory after a clean close, for {@code turnsTotal} turns. Writes: offsets
 * the app wrote to its own topics during the throughput phase. Console: {@code caseFiles}, the
 * time in ms of each case file asked of Casefile's console after the latency phase (empty for the
 * reference apps, which have none). Soak: its minutes (empty outside the soak mode).
 */
record AppResult(String app, long records, long spans, long turns, double drainSeconds,
                 List<double[]> throughputSeries, double targetRate, double achievedRate, Histogram latency, Histogram warmupLatency,
                 List<LatencyTracker.Second> latencySeries, long unfinished, long peakHeapBytes, long peakRssBytes,
                 long stateBytes, long turnsTotal, long writtenOffsets,
                 double workerCpuSeconds, double harnessCpuSeconds, Histogram caseFiles, List<Soak.Minute> soak) {

    /** CPU milliseconds of the app's JVM per input record, in the throughput phase. */
    double workerCpuMsPerRecord() {
        return workerCpuSeconds * 1000 / records;
    }

    /** CPU milliseconds of the harness JVM (broker, reader) per input record, in the throughput phase. */
    double harnessCpuMsPerRecord() {
        return harnessCpuSeconds * 1000 / records;
    }

    /** Offsets the app wrote (outputs, repartition, changelog, markers) per preloaded input record. */
    double writtenPerInput() {
        return records == 0 ? 0 : (double) writtenOffsets / records;
    }

    double recordsPerSecond() {
        return records / drainSeconds;
    }

    double spansPerSecond() {
        return spans / drainSeconds;
    }

    double turnsPerSecond() {
        return turns / drainSeconds;
    }

    double stateBytesPerMillionTurns() {
        return turnsTotal == 0 ? 0 : stateBytes * 1e6 / turnsTotal;
    }
}
