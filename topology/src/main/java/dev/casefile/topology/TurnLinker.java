package dev.casefile.topology;

import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.TurnKey;
import dev.casefile.schema.internal.TraceView;
import dev.casefile.schema.internal.TurnEvent;
import dev.casefile.schema.internal.TurnState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each turn's evidence in the turn store and emits the turn's complaint, complete, whenever
 * it changes materially: a replayed or repeated event changes nothing and emits nothing.
 */
final class TurnLinker extends ContextualProcessor<TurnKey, TurnEvent, String, LinkedComplaint> {

    private static final Logger LOG = LoggerFactory.getLogger(TurnLinker.class);
    /** Of two traces that claim one turn (a retried request), the earlier one is the turn's. */
    private static final Comparator<TraceView> TRACE_PRIORITY = Comparator
            .comparing((TraceView t) -> t.getSummary().getStartedAt(), Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(TraceView::getTraceId);

    private KeyValueStore<TurnKey, TurnState> turns;

    @Override
    public void init(ProcessorContext<String, LinkedComplaint> context) {
        super.init(context);
        turns = context.getStateStore(Names.TURN_STORE);
    }

    @Override
    public void process(Record<TurnKey, TurnEvent> record) {
        TurnKey key = record.key();
        Instant at = Instant.ofEpochMilli(record.timestamp());
        TurnState state = Optional.ofNullable(turns.get(key)).orElseGet(() -> TurnState.newBuilder()
                .setTurn(key).setFeedback(new ArrayList<>()).setTickets(new ArrayList<>()).setLastEventAt(at).build());

        Object event = record.value().getEvent();
        boolean changed;
        if (event instanceof TraceView trace) {
            changed = applyTrace(state, trace);
        } else if (event instanceof FeedbackEvent feedback) {
            changed = applyFeedback(state, feedback);
        } else {
            throw new IllegalStateException("Unexpected turn event " + event.getClass().getName());
        }
        if (!changed) {
            return;
        }
        Optional<LinkedComplaint> assembled = Complaints.assemble(state);
        LinkedComplaint previous = state.getComplaint();
        if (assembled.isPresent() && !Complaints.sameMaterial(assembled.get(), previous)) {
            LinkedComplaint next = Complaints.revise(assembled.get(), previous);
            state.setComplaint(next);
            LOG.debug("Complaint {} revision {} status {} for turn {}", next.getComplaintId(), next.getRevision(),
                    next.getStatus(), key);
            context().forward(record.withKey(next.getComplaintId()).withValue(next));
        }
        if (at.isAfter(state.getLastEventAt())) {
            state.setLastEventAt(at);
        }
        turns.put(key, state);
    }

    private static boolean applyTrace(TurnState state, TraceView trace) {
        TraceView current = state.getTrace();
        if (trace.equals(current)) {
            return false;
        }
        boolean sameTrace = current != null && current.getTraceId().equals(trace.getTraceId());
        if (current == null || sameTrace || TRACE_PRIORITY.compare(trace, current) < 0) {
            state.setTrace(trace);
            return true;
        }
        return false;
    }

    private static boolean applyFeedback(TurnState state, FeedbackEvent feedback) {
        List<FeedbackEvent> all = new ArrayList<>(state.getFeedback());
        if (all.contains(feedback)) {
            return false;
        }
        all.removeIf(f -> Objects.equals(f.getFeedbackId(), feedback.getFeedbackId()));
        all.add(feedback);
        state.setFeedback(all);
        return true;
    }
}
