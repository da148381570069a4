package dev.casefile.topology.trace;

import dev.casefile.config.Retention;
import dev.casefile.config.SpanMapping;
import dev.casefile.schema.TurnKey;
import dev.casefile.schema.internal.TraceEvidence;
import dev.casefile.schema.internal.TraceFragment;
import dev.casefile.schema.internal.TraceState;
import dev.casefile.schema.internal.TraceView;
import dev.casefile.schema.internal.TurnEvent;
import dev.casefile.topology.query.SpanSource;
import dev.casefile.topology.query.Stores;
import dev.casefile.topology.store.StoreRetention;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each trace in the trace store as its mapped values, span facts and span locations, and tells
 * the trace's turn whenever what the turn sees of it changes. When a complaint links to a trace, its
 * spans are read back from the spans topic once and frozen in the evidence store, which spans that
 * arrive later join. Traces are dropped after the uncomplained retention, evidence after the
 * complaint retention.
 */
final class TraceAssembler extends ContextualProcessor<String, TraceInput, TurnKey, TurnEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(TraceAssembler.class);

    private final SpanMapping mapping;
    private final int maxSpans;
    private final Retention retention;
    private final SpanSource spanSource;
    private final MeterRegistry meters;
    private final Counter frozen;
    private final Counter missing;
    private KeyValueStore<String, TraceState> traces;
    private KeyValueStore<String, TraceEvidence> evidence;

    TraceAssembler(SpanMapping mapping, int maxSpans, Retention retention, SpanSource spanSource, MeterRegistry meters) {
        this.mapping = mapping;
        this.maxSpans = maxSpans;
        this.retention = retention;
        this.spanSource = spanSource;
        this.meters = meters;
        this.frozen = Counter.builder(TraceStage.FROZEN_METRIC)
                .description("Complained traces whose spans were copied into the evidence store").register(meters);
        this.missing = Counter.builder(TraceStage.MISSING_METRIC)
                .description("Records of the spans topic gone (past retention) when a trace's evidence was frozen")
                .register(meters);
    }

    @Override
    public void init(ProcessorContext<TurnKey, TurnEvent> context) {
        super.init(context);
        traces = StoreRetention.schedule(context, retention, context.getStateStore(Stores.TRACE_STORE),
                TraceState::getLastEventAt, t -> retention.uncomplainedMs(), meters);
        evidence = StoreRetention.schedule(context, retention, context.getStateStore(Stores.COMPLAINT_EVIDENCE),
                TraceEvidence::getLastEventAt, e -> retention.complaintMs(), meters);
    }

    @Override
    public void process(Record<String, TraceInput> record) {
        if (record.value() instanceof TraceInput.Spans spans) {
            add(record, spans.fragment());
        } else if (record.value() instanceof TraceInput.Complained) {
            freeze(record.key(), record.timestamp());
        } else {
            throw new IllegalStateException("no rule for trace input " + record.value().getClass().getSimpleName());
        }
    }

    private void add(Record<String, TraceInput> record, TraceFragment fragment) {
        String traceId = record.key();
        long at = record.timestamp();
        TraceState state = Optional.ofNullable(traces.get(traceId)).orElseGet(() -> Traces.empty(traceId, at));
        TraceView before = Traces.turn(state, mapping).map(t -> Traces.view(state, t, mapping)).orElse(null);

        Traces.Added added = Traces.addSpans(state, fragment, maxSpans, mapping);

        Optional<TurnKey> turn = Traces.turn(state, mapping);
        if (turn.isPresent()) {
            TraceView after = Traces.view(state, turn.get(), mapping);
            if (!after.equals(before)) {
                context().forward(record.withKey(turn.get()).withValue(new TurnEvent(after)));
            }
        }
        if (added.changed() || at > state.getLastEventAt()) {
            state.setLastEventAt(Math.max(at, state.getLastEventAt()));
            traces.put(traceId, state);
        }
        if (state.getEvidenceFrozen() && added.changed()) {
            TraceEvidence frozenSpans = evidence.get(traceId);
            if (frozenSpans != null && Evidence.add(frozenSpans, state, added.kept(), at)) {
                evidence.put(traceId, frozenSpans);
            }
        }
    }

    /** Copies the trace's spans into the evidence store, once; a trace no longer held has nothing to freeze. */
    private void freeze(String traceId, long at) {
        TraceState state = traces.get(traceId);
        if (state == null || state.getEvidenceFrozen()) {
            return;
        }
        TraceEvidence frozenSpans = Evidence.freeze(state, spanSource, at);
        evidence.put(traceId, frozenSpans);
        state.setEvidenceFrozen(true);
        traces.put(traceId, state);
        frozen.increment();
        missing.increment(frozenSpans.getMissingRecords());
        if (frozenSpans.getMissingRecords() > 0) {
            LOG.warn("Froze a complained trace's evidence without {} of its {} spans-topic records (gone past the topic's "
                    + "retention, or not read in time; see the log of TopicSpanSource): {} spans frozen",
                    frozenSpans.getMissingRecords(), state.getLocations().size(), frozenSpans.getSpans().size());
        }
    }
}
