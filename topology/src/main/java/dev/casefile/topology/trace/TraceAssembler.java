package dev.casefile.topology.trace;

import dev.casefile.config.Retention;
import dev.casefile.config.SpanMapping;
import dev.casefile.schema.TurnKey;
import dev.casefile.schema.internal.TraceFragment;
import dev.casefile.schema.internal.TraceState;
import dev.casefile.schema.internal.TraceView;
import dev.casefile.schema.internal.TurnEvent;
import dev.casefile.topology.query.Stores;
import dev.casefile.topology.store.StoreRetention;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Assembles each trace from its spans in the trace store and tells the trace's turn whenever what
 * the turn sees of it changes. Traces are dropped after the uncomplained retention (the complaint
 * keeps its summary).
 */
final class TraceAssembler extends ContextualProcessor<String, TraceFragment, TurnKey, TurnEvent> {

    private final SpanMapping mapping;
    private final int maxSpans;
    private final Retention retention;
    private final MeterRegistry meters;
    private KeyValueStore<String, TraceState> traces;

    TraceAssembler(SpanMapping mapping, int maxSpans, Retention retention, MeterRegistry meters) {
        this.mapping = mapping;
        this.maxSpans = maxSpans;
        this.retention = retention;
        this.meters = meters;
    }

    @Override
    public void init(ProcessorContext<TurnKey, TurnEvent> context) {
        super.init(context);
        traces = StoreRetention.schedule(context, retention, context.getStateStore(Stores.TRACE_STORE),
                t -> t.getLastEventAt().toEpochMilli(), t -> retention.uncomplainedMs(), meters);
    }

    @Override
    public void process(Record<String, TraceFragment> record) {
        String traceId = record.key();
        Instant at = Instant.ofEpochMilli(record.timestamp());
        TraceState state = Optional.ofNullable(traces.get(traceId)).orElseGet(() -> Traces.empty(traceId, at));
        TraceView before = Traces.turn(state, mapping).map(t -> Traces.view(state, t, mapping)).orElse(null);

        boolean changed = Traces.addSpans(state, record.value().getSpans(), maxSpans, mapping);

        Optional<TurnKey> turn = Traces.turn(state, mapping);
        if (turn.isPresent()) {
            TraceView after = Traces.view(state, turn.get(), mapping);
            if (!after.equals(before)) {
                context().forward(record.withKey(turn.get()).withValue(new TurnEvent(after)));
            }
        }
        if (changed || at.isAfter(state.getLastEventAt())) {
            state.setLastEventAt(at.isAfter(state.getLastEventAt()) ? at : state.getLastEventAt());
            traces.put(traceId, state);
        }
    }
}
