package dev.casefile.topology;

import dev.casefile.schema.SpanRecord;
import dev.casefile.schema.internal.SpanLocation;
import dev.casefile.schema.internal.TraceFragment;
import dev.casefile.topology.ingest.InvalidSpanRecordException;
import dev.casefile.topology.ingest.OtlpSpanDecoder;
import dev.casefile.topology.query.SpanSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The spans topic of a {@code TopologyTestDriver} run as a {@link SpanSource}: every record piped
 * into it, at the offset the driver gave it (0, 1, 2, ... on partition 0), decoded as ingest decodes
 * it. {@link #deleteBefore} stands for the topic's retention deleting records.
 */
final class PipedSpans implements SpanSource {

    private final OtlpSpanDecoder decoder;
    private final List<byte[]> records = new ArrayList<>();
    private long logStart;

    PipedSpans(OtlpSpanDecoder decoder) {
        this.decoder = decoder;
    }

    void piped(byte[] value) {
        records.add(value);
    }

    /** Records before {@code offset} are gone, as after retention or {@code deleteRecords}. */
    void deleteBefore(long offset) {
        logStart = Math.max(logStart, offset);
    }

    long endOffset() {
        return records.size();
    }

    @Override
    public Read read(String traceId, List<SpanLocation> locations) {
        List<SpanRecord> spans = new ArrayList<>();
        int missing = 0;
        for (SpanLocation location : locations) {
            if (location.getPartition() != 0 || location.getOffset() < logStart || location.getOffset() >= records.size()) {
                missing++;
                continue;
            }
            try {
                for (TraceFragment fragment : decoder.decode(records.get((int) location.getOffset()))) {
                    if (fragment.getTraceId().equals(traceId)) {
                        spans.addAll(fragment.getSpans());
                    }
                }
            } catch (InvalidSpanRecordException e) {
                throw new AssertionError("a located record should decode", e);
            }
        }
        return new Read(spans, missing);
    }
}
