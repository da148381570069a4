package dev.casefile.topology.query;

import dev.casefile.contract.Versions;
import dev.casefile.schema.SpanRecord;
import dev.casefile.schema.internal.TraceState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A trace's spans read back from the spans topic, at the locations the trace store keeps: exactly
 * the spans its facts name (the ones the trace store kept when they arrived), each at the version
 * that sorts last ({@code Versions.SPAN}). The evidence store freezes them this way, and the console
 * draws an uncomplained trace this way. A record that is gone takes its spans with it; it never lets
 * in a span the trace store dropped.
 */
public final class TraceReads {

    /** Spans in the order a case file lists them: by start, then span id. */
    public static final Comparator<SpanRecord> START_ORDER =
            Comparator.comparing(SpanRecord::getStartAt).thenComparing(SpanRecord::getSpanId);

    private TraceReads() {
    }

    /** The spans of {@code trace} its facts name, in start order; and how many of its records were not read. */
    public static Spans readBack(TraceState trace, SpanSource source) {
        Set<String> kept = new HashSet<>();
        trace.getFacts().forEach(f -> kept.add(f.getSpanId()));
        SpanSource.Read read = source.read(trace.getTraceId(), trace.getLocations());
        List<SpanRecord> named = read.spans().stream().filter(s -> kept.contains(s.getSpanId())).toList();
        return new Spans(latestVersions(List.of(), named), read.missingRecords());
    }

    /** {@code known} with {@code incoming} merged in: one span per id, at the version that sorts last, in start order. */
    public static List<SpanRecord> latestVersions(List<SpanRecord> known, List<SpanRecord> incoming) {
        Map<String, SpanRecord> latest = new HashMap<>();
        known.forEach(s -> latest.put(s.getSpanId(), s));
        for (SpanRecord span : incoming) {
            if (Versions.replaces(span, latest.get(span.getSpanId()))) {
                latest.put(span.getSpanId(), span);
            }
        }
        List<SpanRecord> spans = new ArrayList<>(latest.values());
        spans.sort(START_ORDER);
        return spans;
    }

    /** Spans read back, and how many of the records they were in are no longer on the topic. */
    public record Spans(List<SpanRecord> spans, int missingRecords) {
        public Spans {
            spans = List.copyOf(spans);
        }
    }
}
