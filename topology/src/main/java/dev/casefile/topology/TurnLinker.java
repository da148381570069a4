package dev.casefile.topology;

import dev.casefile.config.RateSettings;
import dev.casefile.config.Retention;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.TurnKey;
import dev.casefile.schema.internal.AttachedTicket;
import dev.casefile.schema.internal.DetachKind;
import dev.casefile.schema.internal.Detachment;
import dev.casefile.schema.internal.RateContribution;
import dev.casefile.schema.internal.RateDelta;
import dev.casefile.schema.internal.TraceView;
import dev.casefile.schema.internal.TurnEvent;
import dev.casefile.schema.internal.TurnState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each turn's evidence in the turn store and emits the turn's complaint, complete, whenever
 * it changes materially: a replayed or repeated event changes nothing and emits nothing. When the
 * last feedback event and ticket leave a turn, its complaint is tombstoned. It also sends the exact
 * change of the turn's contribution to the complaint rates: summed per window in the rate buffer
 * and sent on every {@code rate.flush.interval.ms}, so a busy hour costs one record per window and
 * interval instead of one per turn.
 */
final class TurnLinker extends ContextualProcessor<TurnKey, TurnEvent, String, Routed> {

    private static final Logger LOG = LoggerFactory.getLogger(TurnLinker.class);
    /** Of two traces that claim one turn (a retried request), the earlier one is the turn's. */
    private static final Comparator<TraceView> TRACE_PRIORITY = Comparator
            .comparing((TraceView t) -> t.getSummary().getStartedAt(), Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(TraceView::getTraceId);

    private final Retention retention;
    private final RateSettings rates;
    private KeyValueStore<TurnKey, TurnState> turns;
    private RateBuffer rateBuffer;

    TurnLinker(Retention retention, RateSettings rates) {
        this.retention = retention;
        this.rates = rates;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        super.init(context);
        turns = context.getStateStore(Names.TURN_STORE);
        rateBuffer = new RateBuffer(context.getStateStore(Names.RATE_BUFFER));
        if (rates.flushIntervalMs() > 0) {
            context.schedule(Duration.ofMillis(rates.flushIntervalMs()), PunctuationType.WALL_CLOCK_TIME, now -> flushRates());
        }
        turns = StoreRetention.schedule(context, retention, turns, t -> t.getLastEventAt().toEpochMilli(),
                t -> t.getComplaint() == null ? retention.uncomplainedMs() : retention.complaintMs());
    }

    @Override
    public void process(Record<TurnKey, TurnEvent> record) {
        TurnKey key = record.key();
        Instant at = Instant.ofEpochMilli(record.timestamp());
        TurnState state = Optional.ofNullable(turns.get(key)).orElseGet(() -> TurnState.newBuilder()
                .setTurn(key).setFeedback(new ArrayList<>()).setTickets(new ArrayList<>()).setLastEventAt(at).build());

        if (!apply(state, record.value().getEvent())) {
            return;
        }
        Optional<LinkedComplaint> assembled = Complaints.assemble(state);
        LinkedComplaint previous = state.getComplaint();
        if (assembled.isPresent() && !Complaints.sameMaterial(assembled.get(), previous)) {
            LinkedComplaint next = Complaints.revise(assembled.get(), previous);
            state.setComplaint(next);
            LOG.debug("Complaint {} revision {} status {}", next.getComplaintId(), next.getRevision(), next.getStatus());
            forward(record, new Routed.Complaint(next.getComplaintId(), next));
        } else if (assembled.isEmpty() && previous != null) {
            state.setComplaint(null);
            LOG.debug("Complaint {} has no feedback or ticket left: tombstone", previous.getComplaintId());
            forward(record, new Routed.Complaint(previous.getComplaintId(), null));
        }
        RateContribution contribution = Rates.contribution(state);
        if (!Objects.equals(contribution, state.getContribution())) {
            List<RateDelta> deltas = Rates.deltas(state.getContribution(), contribution, rates);
            if (rates.flushIntervalMs() == 0) {
                deltas.forEach(delta -> forward(record, new Routed.Rate(Rates.storeKey(delta), delta)));
            } else {
                rateBuffer.add(deltas);
            }
            state.setContribution(contribution);
        }
        if (at.isAfter(state.getLastEventAt())) {
            state.setLastEventAt(at);
        }
        turns.put(key, state);
    }

    /** Sends the summed rate changes on, one per window, and empties the buffer (in the same transaction). */
    private void flushRates() {
        long at = Math.max(0, context().currentStreamTimeMs());
        for (RateDelta delta : rateBuffer.drain()) {
            context().forward(new Record<String, Routed>(null, new Routed.Rate(Rates.storeKey(delta), delta), at));
        }
    }

    private void forward(Record<TurnKey, TurnEvent> record, Routed routed) {
        context().forward(record.withKey((String) null).withValue(routed));
    }

    /** Applies one event to the state; false if it changed nothing. */
    private static boolean apply(TurnState state, Object event) {
        if (event instanceof TraceView trace) {
            return applyTrace(state, trace);
        }
        if (event instanceof FeedbackEvent feedback) {
            return upsertFeedback(state, feedback);
        }
        if (event instanceof AttachedTicket ticket) {
            return upsertTicket(state, ticket);
        }
        if (event instanceof Detachment detach) {
            return detach.getKind() == DetachKind.FEEDBACK ? removeFeedback(state, detach) : removeTicket(state, detach);
        }
        throw new IllegalStateException("Unexpected turn event " + event.getClass().getName());
    }

    private static boolean applyTrace(TurnState state, TraceView trace) {
        TraceView current = state.getTrace();
        if (trace.equals(current)) {
            return false;
        }
        boolean sameTrace = current != null && current.getTraceId().equals(trace.getTraceId());
        if (sameTrace && trace.getSummary().getSpanCount() < current.getSummary().getSpanCount()) {
            // A view rebuilt from fewer spans (a replay after the trace store let the trace go) is not news.
            return false;
        }
        if (current == null || sameTrace || TRACE_PRIORITY.compare(trace, current) < 0) {
            state.setTrace(trace);
            return true;
        }
        return false;
    }

    private static boolean upsertFeedback(TurnState state, FeedbackEvent feedback) {
        List<FeedbackEvent> all = new ArrayList<>(state.getFeedback());
        FeedbackEvent current = all.stream().filter(f -> f.getFeedbackId().equals(feedback.getFeedbackId()))
                .findFirst().orElse(null);
        if (!Versions.replaces(feedback, current)) {
            return false;
        }
        all.remove(current);
        all.add(feedback);
        state.setFeedback(all);
        return true;
    }

    private static boolean removeFeedback(TurnState state, Detachment detach) {
        List<FeedbackEvent> all = new ArrayList<>(state.getFeedback());
        boolean removed = all.removeIf(f -> f.getFeedbackId().equals(detach.getId())
                && (detach.getReplaced() == null || !Versions.replaces(f, detach.getReplaced())));
        state.setFeedback(all);
        return removed;
    }

    private static boolean upsertTicket(TurnState state, AttachedTicket ticket) {
        List<AttachedTicket> all = new ArrayList<>(state.getTickets());
        if (all.contains(ticket)) {
            return false;
        }
        all.removeIf(t -> t.getTicket().getTicketId().equals(ticket.getTicket().getTicketId()));
        all.add(ticket);
        state.setTickets(all);
        return true;
    }

    private static boolean removeTicket(TurnState state, Detachment detach) {
        List<AttachedTicket> all = new ArrayList<>(state.getTickets());
        boolean removed = all.removeIf(t -> t.getTicket().getTicketId().equals(detach.getId()));
        state.setTickets(all);
        return removed;
    }
}
