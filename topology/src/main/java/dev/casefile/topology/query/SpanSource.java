package dev.casefile.topology.query;

import dev.casefile.schema.SpanRecord;
import dev.casefile.schema.internal.SpanLocation;
import java.util.List;

/**
 * Reads spans back from the spans topic: the trace store keeps where a trace's spans are, not the
 * spans. The application's implementation fetches the records at those offsets and decodes them
 * as ingest did; tests of the topology give one over the records they piped in.
 */
public interface SpanSource {

    /** A source that finds nothing: every record is gone. */
    SpanSource NONE = (traceId, locations) -> new Read(List.of(), locations.size());

    /**
     * The spans of trace {@code traceId} in the spans topic's records at {@code locations}, record after record in the
     * order given and in each record's own order. A record no longer on the topic (past its retention) adds none and
     * is counted as missing.
     */
    Read read(String traceId, List<SpanLocation> locations);

    /** What a read found: the spans in order, and how many of the records asked for were gone. */
    record Read(List<SpanRecord> spans, int missingRecords) {
        public Read {
            spans = List.copyOf(spans);
        }
    }
}
