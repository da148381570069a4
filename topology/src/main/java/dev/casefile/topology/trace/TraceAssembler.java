package dev.casefile.topology.trace;

import dev.casefile.config.Retention;
import dev.casefile.config.SpanMapping;
import dev.casefile.contract.Versions;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.TurnKey;
import dev.casefile.schema.internal.Detachment;
import dev.casefile.schema.internal.TraceFragment;
import dev.casefile.schema.internal.TraceInput;
import dev.casefile.schema.internal.TraceState;
import dev.casefile.schema.internal.TraceView;
import dev.casefile.schema.internal.TurnEvent;
import dev.casefile.topology.query.Stores;
import dev.casefile.topology.store.StoreRetention;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles each trace from its spans in the trace store and tells the trace's turn whenever what
 * the turn sees of it changes. Feedback that names only a trace id waits here until the spans name
 * the turn. Traces are dropped after the uncomplained retention (the complaint keeps its summary).
 */
final class TraceAssembler extends ContextualProcessor<String, TraceInput, TurnKey, TurnEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(TraceAssembler.class);

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
    public void process(Record<String, TraceInput> record) {
        String traceId = record.key();
        Instant at = Instant.ofEpochMilli(record.timestamp());
        TraceState state = Optional.ofNullable(traces.get(traceId)).orElseGet(() -> Traces.empty(traceId, at));
        Optional<TurnKey> turnBefore = Traces.turn(state, mapping);
        TraceView before = turnBefore.map(t -> Traces.view(state, t, mapping)).orElse(null);

        Object event = record.value().getEvent();
        boolean changed;
        if (event instanceof TraceFragment fragment) {
            changed = Traces.addSpans(state, fragment.getSpans(), maxSpans, mapping);
        } else if (event instanceof FeedbackEvent feedback) {
            changed = holdFeedback(state, feedback);
        } else if (event instanceof Detachment detach) {
            changed = dropFeedback(state, detach);
            turnBefore.ifPresent(turn -> context().forward(record.withKey(turn).withValue(new TurnEvent(detach))));
        } else {
            throw new IllegalStateException("Unexpected trace input " + event.getClass().getName());
        }

        Optional<TurnKey> turn = Traces.turn(state, mapping);
        if (turn.isPresent()) {
            TraceView after = Traces.view(state, turn.get(), mapping);
            if (!after.equals(before)) {
                context().forward(record.withKey(turn.get()).withValue(new TurnEvent(after)));
            }
            changed |= releaseFeedback(state, turn.get(), record);
        }
        if (changed || at.isAfter(state.getLastEventAt())) {
            state.setLastEventAt(at.isAfter(state.getLastEventAt()) ? at : state.getLastEventAt());
            traces.put(traceId, state);
        }
    }

    private static boolean holdFeedback(TraceState state, FeedbackEvent feedback) {
        Optional<List<FeedbackEvent>> pending = Versions.upsert(state.getPendingFeedback(), feedback);
        pending.ifPresent(state::setPendingFeedback);
        return pending.isPresent();
    }

    /** A deleted (or relocated) trace-only feedback event stops waiting here; its turn hears of it too. */
    private static boolean dropFeedback(TraceState state, Detachment detach) {
        Optional<List<FeedbackEvent>> pending = Versions.remove(state.getPendingFeedback(), detach.getId(), detach.getReplaced());
        pending.ifPresent(state::setPendingFeedback);
        return pending.isPresent();
    }

    /** Sends held feedback to the turn the spans named, filling in its session and turn. */
    private boolean releaseFeedback(TraceState state, TurnKey turn, Record<String, TraceInput> record) {
        List<FeedbackEvent> stillPending = new ArrayList<>();
        for (FeedbackEvent held : state.getPendingFeedback()) {
            if (!held.getWorkspaceId().equals(turn.getWorkspaceId())) {
                // Never let one workspace's feedback into another's complaint; it waits (and ages out) here.
                LOG.warn("Feedback {} of workspace {} names trace {} of workspace {}: not linked",
                        held.getFeedbackId(), held.getWorkspaceId(), state.getTraceId(), turn.getWorkspaceId());
                stillPending.add(held);
                continue;
            }
            FeedbackEvent located = FeedbackEvent.newBuilder(held)
                    .setSessionId(turn.getSessionId()).setTurnId(turn.getTurnId()).build();
            context().forward(record.withKey(turn).withValue(new TurnEvent(located)));
        }
        boolean released = stillPending.size() < state.getPendingFeedback().size();
        if (released) {
            state.setPendingFeedback(stillPending);
        }
        return released;
    }
}
