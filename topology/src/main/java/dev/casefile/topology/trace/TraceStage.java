package dev.casefile.topology.trace;

import dev.casefile.config.Retention;
import dev.casefile.config.SpanMapping;
import dev.casefile.schema.TurnKey;
import dev.casefile.schema.internal.TraceFragment;
import dev.casefile.schema.internal.TraceState;
import dev.casefile.schema.internal.TurnEvent;
import dev.casefile.serde.RecordSerdes;
import dev.casefile.topology.query.Stores;
import dev.casefile.topology.store.StatefulSupplier;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/**
 * Stage 3, trace: each trace assembled from its spans, keyed by trace id, in {@code trace-store};
 * whenever what a turn sees of its trace changes, the view goes to the turn.
 */
public final class TraceStage {

    private final SpanMapping mapping;
    private final int maxSpansPerTrace;
    private final Retention retention;
    private final RecordSerdes serdes;
    private final MeterRegistry meters;

    public TraceStage(SpanMapping mapping, int maxSpansPerTrace, Retention retention, RecordSerdes serdes,
                      MeterRegistry meters) {
        this.mapping = mapping;
        this.maxSpansPerTrace = maxSpansPerTrace;
        this.retention = retention;
        this.serdes = serdes;
        this.meters = meters;
    }

    /** Span fragments by trace id → here (already on the trace's partition of {@code tracePartitions}) or elsewhere. */
    public ProcessorSupplier<String, TraceFragment, String, Placed> placement(int tracePartitions) {
        return () -> new TracePlacement(tracePartitions);
    }

    /** Span fragments by trace id → trace views, by turn. */
    public ProcessorSupplier<String, TraceFragment, TurnKey, TurnEvent> assembler() {
        return StatefulSupplier.of(() -> new TraceAssembler(mapping, maxSpansPerTrace, retention, meters),
                StatefulSupplier.persistent(Stores.TRACE_STORE, Serdes.String(), serdes.forType(TraceState.class, false)));
    }
}
