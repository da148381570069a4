package dev.casefile.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench command end to end on a small load: Casefile and two reference apps measured on a real broker, table and chart written. */
class BenchCommandIT {

    @Test
    void measuresTheAppsAndWritesTheTableAndChart(@TempDir Path out) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<AppResult> results = BenchMain.run(new String[] {"--bench.turns", "1500", "--bench.latency.seconds", "4",
                "--bench.latency.warmup.seconds", "2", "--bench.apps", "casefile,passthrough,storing",
                "--bench.output.dir", out.toString()}, Map.of(), new PrintStream(printed, true, StandardCharsets.UTF_8)).orElseThrow();

        assertEquals(List.of("casefile", "passthrough", "storing"), results.stream().map(AppResult::app).toList());
        for (AppResult r : results) {
            assertTrue(r.records() > 1500 && r.drainSeconds() > 0, r.app() + " drained its preloaded records");
            assertTrue(r.latency().getTotalCount() > 0, r.app() + " timed results in the latency phase");
            assertEquals(0, r.unfinished(), r.app() + ": every result whose inputs were acknowledged came out");
            assertTrue(r.peakHeapBytes() > 0, r.app() + " reported its heap");
        }
        AppResult casefile = results.get(0);
        AppResult passThrough = results.get(1);
        assertEquals(casefile.records(), passThrough.records(), "the same traffic for both");
        assertEquals(passThrough.targetRate(), casefile.targetRate(), 1e-6, "the same latency-phase load for both");
        assertTrue(passThrough.warmupLatency().getTotalCount() > 0, "the warm-up's results are counted apart");
        assertTrue(casefile.writtenPerInput() > passThrough.writtenPerInput());
        assertTrue(casefile.stateBytes() > 0 && passThrough.stateBytes() < casefile.stateBytes());
        assertTrue(casefile.caseFiles().getTotalCount() > 0, "the console phase timed case files");
        assertEquals(0, passThrough.caseFiles().getTotalCount(), "a reference app has no console");
        AppResult storing = results.get(2);
        assertEquals(casefile.records(), storing.records());
        assertTrue(storing.stateBytes() > 0, "storing keeps every input record in its store");
        assertTrue(storing.writtenPerInput() >= 2.0 && storing.writtenPerInput() < casefile.writtenPerInput(),
                "storing writes a copy and a changelog record per input: " + storing.writtenPerInput());

        String table = printed.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("casefile ÷ pass-through") && table.contains("input records/s ÷ pass-through"), table);
        assertTrue(table.contains("latency p99 (ms)") && table.contains("warm-up: p50 / p99 / max (ms)"), table);
        assertTrue(table.contains("case file p50 / p99 / max (ms)"), table);
        assertTrue(Files.readString(out.resolve("results.md")).contains("input records/s"));
        assertTrue(Files.size(out.resolve("bench.png")) > 1000, "the chart is a real PNG");
    }
}
