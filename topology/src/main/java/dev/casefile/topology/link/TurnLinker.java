package dev.casefile.topology.link;

import dev.casefile.config.Retention;
import dev.casefile.contract.ComplaintRevisions;
import dev.casefile.contract.Versions;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.TurnKey;
import dev.casefile.schema.internal.AttachedTicket;
import dev.casefile.schema.internal.DetachKind;
import dev.casefile.schema.internal.Detachment;
import dev.casefile.schema.internal.RateChange;
import dev.casefile.schema.internal.RateContribution;
import dev.casefile.schema.internal.TraceView;
import dev.casefile.schema.internal.TurnEvent;
import dev.casefile.schema.internal.TurnState;
import dev.casefile.topology.metrics.ComplaintMeters;
import dev.casefile.topology.store.IngestTime;
import dev.casefile.topology.store.StoreRetention;
import io.micrometer.core.instrument.MeterRegistry;
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
 * Keeps each turn's evidence in the turn store and emits the turn's complaint, complete, whenever
 * it changes materially: a replayed or repeated event changes nothing and emits nothing. When the
 * last feedback event and ticket leave a turn, its complaint is tombstoned. Whenever what the turn
 * adds to the complaint rates changes, it sends the change (before and after) to the rate buffer.
 */
final class TurnLinker extends ContextualProcessor<TurnKey, TurnEvent, TurnKey, Linked> {

    private static final Logger LOG = LoggerFactory.getLogger(TurnLinker.class);

    private final Retention retention;
    private final MeterRegistry meters;
    private final ComplaintMeters complaintMeters;
    private KeyValueStore<TurnKey, TurnState> turns;

    TurnLinker(Retention retention, MeterRegistry meters) {
        this.retention = retention;
        this.meters = meters;
        this.complaintMeters = new ComplaintMeters(meters);
    }

    @Override
    public void init(ProcessorContext<TurnKey, Linked> context) {
        super.init(context);
        turns = StoreRetention.schedule(context, retention, context.getStateStore(LinkStage.TURN_STORE),
                TurnState::getLastEventAt,
                t -> t.getComplaint() == null ? retention.uncomplainedMs() : retention.complaintMs(), meters);
    }

    @Override
    public void process(Record<TurnKey, TurnEvent> record) {
        TurnKey key = record.key();
        long at = record.timestamp();
        TurnState state = Optional.ofNullable(turns.get(key)).orElseGet(() -> TurnState.newBuilder()
                .setTurn(key).setAttempts(new ArrayList<>()).setFeedback(new ArrayList<>()).setTickets(new ArrayList<>())
                .setContributions(new ArrayList<>()).setLastEventAt(at).build());

        if (!apply(state, record.value().getEvent())) {
            return;
        }
        Optional<LinkedComplaint> assembled = Complaints.assemble(state);
        LinkedComplaint previous = state.getComplaint();
        if (assembled.isPresent() && !ComplaintRevisions.sameMaterial(assembled.get(), previous)) {
            LinkedComplaint next = ComplaintRevisions.revise(assembled.get(), previous);
            state.setComplaint(next);
            LOG.debug("Complaint {} revision {} status {}", next.getComplaintId(), next.getRevision(), next.getStatus());
            complaint(record, next.getComplaintId(), next);
        } else if (assembled.isEmpty() && previous != null) {
            state.setComplaint(null);
            LOG.debug("Complaint {} has no feedback or ticket left: tombstone", previous.getComplaintId());
            complaint(record, previous.getComplaintId(), null);
        }
        List<RateContribution> contributions = Contributions.of(state);
        if (!contributions.equals(state.getContributions())) {
            Linked change = new Linked.Rates(new RateChange(state.getContributions(), contributions));
            context().forward(record.withValue(change).withHeaders(IngestTime.none()));
            state.setContributions(contributions);
        }
        state.setLastEventAt(Math.max(at, state.getLastEventAt()));
        turns.put(key, state);
    }

    /** The turn's complaint (null: its tombstone), to linked-complaints: counted, and without internal headers. */
    private void complaint(Record<TurnKey, TurnEvent> record, String complaintId, LinkedComplaint complaint) {
        complaintMeters.emitted(complaint, record.headers(), context().currentSystemTimeMs());
        Linked linked = new Linked.Complaint(complaintId, complaint);
        context().forward(record.withValue(linked).withHeaders(IngestTime.none()));
    }

    /** Applies one event to the state; false if it changed nothing. */
    private static boolean apply(TurnState state, Object event) {
        if (event instanceof TraceView trace) {
            Optional<List<TraceView>> attempts = Attempts.upsert(state.getAttempts(), trace);
            attempts.ifPresent(state::setAttempts);
            return attempts.isPresent();
        }
        if (event instanceof FeedbackEvent feedback) {
            return changed(Versions.upsert(state.getFeedback(), feedback), state);
        }
        if (event instanceof AttachedTicket ticket) {
            return upsertTicket(state, ticket);
        }
        if (event instanceof Detachment detach) {
            return detach.getKind() == DetachKind.FEEDBACK
                    ? changed(Versions.remove(state.getFeedback(), detach.getId(), detach.getReplaced()), state)
                    : removeTicket(state, detach);
        }
        throw new IllegalStateException("Unexpected turn event " + event.getClass().getName());
    }

    private static boolean changed(Optional<List<FeedbackEvent>> feedback, TurnState state) {
        feedback.ifPresent(state::setFeedback);
        return feedback.isPresent();
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
