package dev.casefile.topology.trace;

import dev.casefile.schema.internal.TraceFragment;

/** What reaches the trace assembler, keyed by trace id: spans, or word that a complaint linked to the trace. */
public sealed interface TraceInput {

    /** Spans of the trace found in one record of the spans topic. */
    record Spans(TraceFragment fragment) implements TraceInput {
    }

    /** A complaint linked to the trace (from linked-complaints): its spans are to be frozen as evidence. */
    record Complained(String complaintId) implements TraceInput {
    }
}
