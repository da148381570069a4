package dev.casefile.topology.trace;

import dev.casefile.schema.SpanRecord;
import dev.casefile.schema.internal.TraceEvidence;
import dev.casefile.schema.internal.TraceState;
import dev.casefile.topology.query.SpanSource;
import dev.casefile.topology.query.TraceReads;
import java.util.ArrayList;
import java.util.List;

/** The evidence of a complained trace: its spans, copied once from the spans topic and kept up to date after. */
final class Evidence {

    private Evidence() {
    }

    /** The trace's spans read back from the topic at its locations, frozen at {@code atMs}. */
    static TraceEvidence freeze(TraceState trace, SpanSource source, long atMs) {
        TraceReads.Spans read = TraceReads.readBack(trace, source);
        return TraceEvidence.newBuilder().setTraceId(trace.getTraceId()).setSpans(new ArrayList<>(read.spans()))
                .setDroppedSpanCount(trace.getDroppedSpanCount())
                .setMissingRecords(read.missingRecords()).setFrozenAt(atMs).setLastEventAt(atMs).build();
    }

    /**
     * Adds spans the trace store kept after the freeze (new ids, or newer versions of known ones), and its dropped
     * count; the trace store already applied the cap, so each span either is new or replaces its id's version if it
     * sorts later. False if nothing changed.
     */
    static boolean add(TraceEvidence evidence, TraceState trace, List<SpanRecord> kept, long atMs) {
        List<SpanRecord> spans = TraceReads.latestVersions(evidence.getSpans(), kept);
        boolean spansChanged = !spans.equals(evidence.getSpans());
        boolean droppedChanged = evidence.getDroppedSpanCount() != trace.getDroppedSpanCount();
        if (spansChanged || droppedChanged) {
            evidence.setSpans(new ArrayList<>(spans));
            evidence.setDroppedSpanCount(trace.getDroppedSpanCount());
            evidence.setLastEventAt(Math.max(atMs, evidence.getLastEventAt()));
        }
        return spansChanged || droppedChanged;
    }
}
