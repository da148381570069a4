package dev.casefile.topology.query;

import dev.casefile.contract.Versions;
import dev.casefile.schema.SpanRecord;
import dev.casefile.schema.internal.TraceState;
import java.util.Comparator;
import java.util.List;

/**
 * A trace's spans read back from the spans topic, at the locations the trace store keeps, by the
 * rule the trace store applied when they arrived ({@link KeptSpans}): the evidence store freezes
 * them this way, and the console draws an uncomplained trace this way.
 */
public final class TraceReads {

    /** Spans in the order a case file lists them: by start, then span id. */
    public static final Comparator<SpanRecord> START_ORDER =
            Comparator.comparing(SpanRecord::getStartAt).thenComparing(SpanRecord::getSpanId);

    private TraceReads() {
    }

    /** The kept spans of {@code trace} (at most {@code maxSpans}), in start order; and how many records were gone. */
    public static Spans readBack(TraceState trace, SpanSource source, int maxSpans) {
        SpanSource.Read read = source.read(trace.getTraceId(), trace.getLocations());
        KeptSpans<SpanRecord> kept = KeptSpans.empty(maxSpans, SpanRecord::getSpanId, Versions.SPAN);
        read.spans().forEach(kept::add);
        return new Spans(kept.kept(START_ORDER), read.missingRecords());
    }

    /** Spans read back, and how many of the records they were in are no longer on the topic. */
    public record Spans(List<SpanRecord> spans, int missingRecords) {
        public Spans {
            spans = List.copyOf(spans);
        }
    }
}
