package dev.casefile.topology.trace;

import dev.casefile.config.Retention;
import dev.casefile.config.SpanMapping;
import dev.casefile.schema.TurnKey;
import dev.casefile.schema.internal.TraceEvidence;
import dev.casefile.schema.internal.TraceFragment;
import dev.casefile.schema.internal.TraceState;
import dev.casefile.schema.internal.TurnEvent;
import dev.casefile.serde.RecordSerdes;
import dev.casefile.topology.query.SpanSource;
import dev.casefile.topology.query.Stores;
import dev.casefile.topology.store.StatefulSupplier;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/**
 * Stage 3, trace: each trace kept by trace id in {@code trace-store} as what linking needs and where
 * its spans are on the spans topic; whenever what a turn sees of its trace changes, the view goes to
 * the turn. A complained trace's spans are frozen in {@code complaint-evidence}.
 */
public final class TraceStage {

    /** Complained traces whose spans were frozen. */
    public static final String FROZEN_METRIC = "casefile.evidence.frozen";
    /** Spans-topic records already gone when evidence was frozen. */
    public static final String MISSING_METRIC = "casefile.evidence.missing.records";

    private final SpanMapping mapping;
    private final int maxSpansPerTrace;
    private final Retention retention;
    private final SpanSource spanSource;
    private final RecordSerdes serdes;
    private final MeterRegistry meters;

    public TraceStage(SpanMapping mapping, int maxSpansPerTrace, Retention retention, SpanSource spanSource,
                      RecordSerdes serdes, MeterRegistry meters) {
        this.mapping = mapping;
        this.maxSpansPerTrace = maxSpansPerTrace;
        this.retention = retention;
        this.spanSource = spanSource;
        this.serdes = serdes;
        this.meters = meters;
    }

    /**
     * Span fragments by trace id → here (already on the trace's partition of {@code tracePartitions}) or elsewhere,
     * each marked with its spans-topic record.
     */
    public ProcessorSupplier<String, TraceFragment, String, Placed> placement(int tracePartitions) {
        return () -> new TracePlacement(tracePartitions);
    }

    /** Spans and complaint word, by trace id → trace views, by turn. */
    public ProcessorSupplier<String, TraceInput, TurnKey, TurnEvent> assembler() {
        return StatefulSupplier.of(() -> new TraceAssembler(mapping, maxSpansPerTrace, retention, spanSource, meters),
                StatefulSupplier.persistent(Stores.TRACE_STORE, Serdes.String(), serdes.forType(TraceState.class, false)),
                StatefulSupplier.persistent(Stores.COMPLAINT_EVIDENCE, Serdes.String(),
                        serdes.forType(TraceEvidence.class, false)));
    }
}
