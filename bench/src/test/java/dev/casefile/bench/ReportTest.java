package dev.casefile.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The latency phase's CSV: one row per app and second, with the wall-clock second to line it up with a profile. */
class ReportTest {

    @Test
    void writesOneRowPerSecondWithItsWallClockTime() {
        List<LatencyTracker.Second> series = List.of(
                new LatencyTracker.Second(0, Instant.parse("2026-12-05T06:00:00.400Z"), 120, 150, 380, 410),
                new LatencyTracker.Second(1, Instant.parse("2026-12-05T06:00:01.400Z"), 118, 160, 812, 905));
        AppResult result = new AppResult("casefile", 1_000, 1_500, 500, 2.0, List.of(), 100, 100, new Histogram(3),
                new Histogram(3), series, 0, 0, 0, 0, 500, 4_700, 1.0, 1.0, new Histogram(3), List.of());

        String csv = new Report(new BenchConfig(Map.of()), List.of(result), "embedded").latencyCsv();

        assertEquals("""
                app,second,utc,results,p50_ms,p99_ms,max_ms
                casefile,0,2026-12-05T06:00:00Z,120,150,380,410
                casefile,1,2026-12-05T06:00:01Z,118,160,812,905
                """, csv);
    }
}
