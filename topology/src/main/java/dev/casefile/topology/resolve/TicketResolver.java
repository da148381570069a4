package dev.casefile.topology.resolve;

import dev.casefile.config.Retention;
import dev.casefile.contract.ComplaintRevisions;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.SupportTicket;
import dev.casefile.schema.TurnKey;
import dev.casefile.schema.internal.AttachedTicket;
import dev.casefile.schema.internal.DetachKind;
import dev.casefile.schema.internal.Detachment;
import dev.casefile.schema.internal.IndexEntry;
import dev.casefile.schema.internal.IndexHit;
import dev.casefile.schema.internal.IndexSource;
import dev.casefile.schema.internal.IndexUpdate;
import dev.casefile.schema.internal.ResolverInput;
import dev.casefile.schema.internal.TicketDelete;
import dev.casefile.schema.internal.TicketResolution;
import dev.casefile.schema.internal.TicketState;
import dev.casefile.schema.internal.TraceFeedbackState;
import dev.casefile.schema.internal.TurnEvent;
import dev.casefile.topology.metrics.ComplaintMeters;
import dev.casefile.topology.store.IngestTime;
import dev.casefile.topology.store.StoreRetention;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Resolves tickets (and feedback that names only a trace, see {@link TraceFeedback}) to turns, per workspace. It keeps the workspace's index of identifiers (trace
 * ids and aliases, feedback ids, business keys → turn) and its tickets. A ticket is resolved when
 * it arrives and again whenever the index entries it looks up change, so a ticket that matched
 * nothing, or several turns, is re-resolved automatically when the evidence arrives. A ticket that
 * belongs to a turn is attached to that turn's complaint; one that does not (yet) has a complaint of
 * its own, ambiguous, awaiting its trace, or unresolved.
 */
final class TicketResolver extends ContextualProcessor<String, ResolverInput, String, Resolved> {

    private static final StringSerializer PREFIX_SERIALIZER = new StringSerializer();

    private final Retention retention;
    private final MeterRegistry meters;
    private final ComplaintMeters complaintMeters;
    private final Map<String, Counter> resolutions = new HashMap<>();
    private KeyValueStore<String, IndexHit> keyIndex;
    private KeyValueStore<String, TicketState> tickets;
    private KeyValueStore<String, String> lookups;
    private TraceFeedback traceFeedback;

    TicketResolver(Retention retention, MeterRegistry meters) {
        this.retention = retention;
        this.meters = meters;
        this.complaintMeters = new ComplaintMeters(meters);
    }

    @Override
    public void init(ProcessorContext<String, Resolved> context) {
        super.init(context);
        keyIndex = context.getStateStore(ResolveStage.KEY_INDEX);
        tickets = context.getStateStore(ResolveStage.TICKETS);
        lookups = context.getStateStore(ResolveStage.TICKET_LOOKUPS);
        KeyValueStore<String, TraceFeedbackState> waiting = context.getStateStore(ResolveStage.TRACE_FEEDBACK);
        traceFeedback = new TraceFeedback(StoreRetention.schedule(context, retention, waiting,
                TraceFeedbackState::getLastEventAt, f -> retention.complaintMs(), meters));
        // A source's home entry expires with its last update and takes the source's other entries with it (they have
        // no time of their own); tickets already resolved stay where they are.
        keyIndex = StoreRetention.schedule(context, retention, keyIndex,
                h -> h.getSource() == null ? 0L : h.getSource().getLastEventAt(),
                h -> h.getSource() == null ? Long.MAX_VALUE : retention.uncomplainedMs(),
                (key, home) -> removeEntries(key, home.getSource().getUpdate()), meters);
        tickets = StoreRetention.schedule(context, retention, tickets, TicketState::getLastEventAt,
                t -> retention.complaintMs(), (key, state) -> removeLookups(state.getTicket()), meters);
    }

    @Override
    public void process(Record<String, ResolverInput> record) {
        String workspace = record.key();
        long at = record.timestamp();
        Object event = record.value().getEvent();
        if (event instanceof IndexUpdate update) {
            applyIndex(record, workspace, update, at);
        } else if (event instanceof SupportTicket ticket) {
            applyTicket(record, workspace, ticket, at);
        } else if (event instanceof TicketDelete delete) {
            deleteTicket(record, workspace, delete.getTicketId());
        } else if (event instanceof FeedbackEvent feedback) {
            traceFeedback.arrive(workspace, feedback, at, port(record, at));
        } else if (event instanceof Detachment detach && detach.getKind() == DetachKind.FEEDBACK) {
            traceFeedback.leave(workspace, detach, port(record, at));
        } else {
            throw new IllegalStateException("Unexpected resolver input " + event.getClass().getName());
        }
    }

    private void applyIndex(Record<String, ResolverInput> record, String workspace, IndexUpdate update, long at) {
        String homeKey = IndexKeys.entry(workspace, update.getHome(), update.getSourceId());
        IndexHit home = keyIndex.get(homeKey);
        IndexSource previous = home == null ? null : home.getSource();
        if (previous != null && previous.getUpdate().equals(update)) {
            if (at > previous.getLastEventAt()) {
                home.setSource(new IndexSource(update, at));
                keyIndex.put(homeKey, home);
            }
            return;
        }
        // The identifiers whose entries change, as index key prefixes (a set: an old and a new entry may share one).
        Set<String> affected = new HashSet<>();
        Set<String> next = new HashSet<>();
        IndexHit hit = update.getTurn() == null ? null : new IndexHit(update.getTurn(), update.getTraceId(), null);
        if (hit != null) {
            for (IndexEntry entry : update.getEntries()) {
                String prefix = IndexKeys.identifier(workspace, entry);
                next.add(prefix + update.getSourceId());
                affected.add(prefix);
            }
        }
        // Entries the update keeps pointing at the same turn and trace are not written again; the others go.
        Set<String> unchanged = new HashSet<>();
        if (previous != null) {
            IndexUpdate before = previous.getUpdate();
            boolean sameHit = Objects.equals(before.getTurn(), update.getTurn())
                    && Objects.equals(before.getTraceId(), update.getTraceId());
            for (IndexEntry entry : before.getEntries()) {
                String prefix = IndexKeys.identifier(workspace, entry);
                String key = prefix + update.getSourceId();
                affected.add(prefix);
                if (key.equals(homeKey)) {
                    continue; // rewritten or deleted below
                }
                if (!next.contains(key)) {
                    keyIndex.delete(key);
                } else if (sameHit) {
                    unchanged.add(key);
                }
            }
        }
        for (String key : next) {
            if (!key.equals(homeKey) && !unchanged.contains(key)) {
                keyIndex.put(key, hit);
            }
        }
        if (update.getTurn() != null) {
            // The home entry also records the source (an alias equal to the trace id shares its key).
            keyIndex.put(homeKey, new IndexHit(update.getTurn(), update.getTraceId(), new IndexSource(update, at)));
        } else if (home != null) {
            keyIndex.delete(homeKey);
        }
        Set<String> ticketIds = new TreeSet<>();
        for (String prefix : affected) {
            ticketIds.addAll(lookingUp(prefix));
        }
        for (String prefix : new TreeSet<>(affected)) {
            if (IndexKeys.isTrace(prefix)) {
                traceFeedback.indexChanged(prefix, port(record, at));
            }
        }
        for (String ticketId : ticketIds) {
            TicketState state = tickets.get(IndexKeys.ticket(workspace, ticketId));
            if (state != null) {
                reconcile(record, workspace, state, false);
            }
        }
    }

    private void applyTicket(Record<String, ResolverInput> record, String workspace, SupportTicket ticket, long at) {
        TicketState state = tickets.get(IndexKeys.ticket(workspace, ticket.getTicketId()));
        boolean sameLookups = state != null && state.getResolution() != null && sameLookups(state.getTicket(), ticket);
        if (state != null) {
            removeLookups(state.getTicket());
            state.setTicket(ticket);
            state.setLastEventAt(Math.max(at, state.getLastEventAt()));
        } else {
            state = new TicketState(ticket, null, null, at);
        }
        for (IndexEntry entry : Resolution.lookups(ticket)) {
            String key = IndexKeys.identifier(workspace, entry);
            Set<String> ids = new TreeSet<>(lookingUp(key));
            if (ids.add(ticket.getTicketId())) {
                storeLookups(key, ids);
            }
        }
        if (sameLookups) {
            // Every index change this ticket looks up has re-resolved it already: its resolution is current, and
            // recomputing it could only lose entries that merely aged out of the index (a status change must not
            // unlink a ticket from its complaint).
            apply(record, state, state.getResolution(), state.getResolution(), true);
        } else {
            reconcile(record, workspace, state, true);
        }
    }

    private static boolean sameLookups(SupportTicket before, SupportTicket after) {
        return Resolution.lookups(before).equals(Resolution.lookups(after))
                && Objects.equals(before.getSessionId(), after.getSessionId())
                && Objects.equals(before.getTurnId(), after.getTurnId());
    }

    private void deleteTicket(Record<String, ResolverInput> record, String workspace, String ticketId) {
        String key = IndexKeys.ticket(workspace, ticketId);
        TicketState state = tickets.get(key);
        if (state == null) {
            return;
        }
        removeLookups(state.getTicket());
        if (state.getResolution() != null && state.getResolution().getTurn() != null) {
            toTurn(record, state.getResolution().getTurn(), new TurnEvent(new Detachment(DetachKind.TICKET, ticketId, null, null)));
        }
        if (state.getComplaint() != null) {
            complaint(record, state.getComplaint().getComplaintId(), null);
        }
        tickets.delete(key);
    }

    /** Resolves the ticket again and tells the turns (and linked-complaints) what changed. */
    private void reconcile(Record<String, ResolverInput> record, String workspace, TicketState state, boolean ticketChanged) {
        TicketResolution after = Resolution.resolve(state.getTicket(), entry -> hits(workspace, entry));
        apply(record, state, state.getResolution(), after, ticketChanged);
    }

    /** Moves the ticket from where {@code before} put it to where {@code after} puts it, and stores it. */
    private void apply(Record<String, ResolverInput> record, TicketState state, TicketResolution before,
                       TicketResolution after, boolean ticketChanged) {
        SupportTicket ticket = state.getTicket();
        TurnKey oldTurn = before == null ? null : before.getTurn();
        TurnKey newTurn = after.getTurn();
        if (oldTurn != null && !oldTurn.equals(newTurn)) {
            toTurn(record, oldTurn, new TurnEvent(new Detachment(DetachKind.TICKET, ticket.getTicketId(), null, null)));
        }
        if (newTurn != null && (ticketChanged || !after.equals(before))) {
            toTurn(record, newTurn, new TurnEvent(new AttachedTicket(ticket, after.getMethod())));
        }
        if (!after.equals(before)) {
            resolved(after);
        }
        LinkedComplaint previous = state.getComplaint();
        if (newTurn == null) {
            LinkedComplaint own = TicketComplaints.of(ticket, after);
            if (!ComplaintRevisions.sameMaterial(own, previous)) {
                LinkedComplaint next = ComplaintRevisions.revise(own, previous);
                complaint(record, next.getComplaintId(), next);
                state.setComplaint(next);
            }
        } else if (previous != null) {
            complaint(record, previous.getComplaintId(), null);
            state.setComplaint(null);
        }
        state.setResolution(after);
        tickets.put(IndexKeys.ticket(ticket.getWorkspaceId(), ticket.getTicketId()), state);
    }

    private List<IndexHit> hits(String workspace, IndexEntry entry) {
        List<IndexHit> hits = new ArrayList<>();
        try (KeyValueIterator<String, IndexHit> it = keyIndex.prefixScan(IndexKeys.identifier(workspace, entry), PREFIX_SERIALIZER)) {
            it.forEachRemaining(kv -> hits.add(kv.value));
        }
        return hits;
    }

    /** Deletes the entries of an expiring source but its home entry ({@code homeKey}), which retention deletes. */
    private void removeEntries(String homeKey, IndexUpdate update) {
        for (IndexEntry entry : update.getEntries()) {
            String key = IndexKeys.entry(update.getWorkspaceId(), entry, update.getSourceId());
            if (!key.equals(homeKey)) {
                keyIndex.delete(key);
            }
        }
    }

    private void removeLookups(SupportTicket ticket) {
        for (IndexEntry entry : Resolution.lookups(ticket)) {
            String key = IndexKeys.identifier(ticket.getWorkspaceId(), entry);
            Set<String> ids = new TreeSet<>(lookingUp(key));
            if (ids.remove(ticket.getTicketId())) {
                storeLookups(key, ids);
            }
        }
    }

    /**
     * The tickets that look up this identifier: one point read (most identifiers are looked up by no
     * ticket, which the store's Bloom filter answers without touching its data).
     */
    private List<String> lookingUp(String identifierKey) {
        String ids = lookups.get(identifierKey);
        return ids == null ? List.of() : IndexKeys.ticketIds(ids);
    }

    /** The identifier's entry: the ticket ids joined by ␟, or no entry when none is left. */
    private void storeLookups(String identifierKey, Set<String> ticketIds) {
        if (ticketIds.isEmpty()) {
            lookups.delete(identifierKey);
        } else {
            lookups.put(identifierKey, IndexKeys.lookupSet(ticketIds));
        }
    }

    /** What trace-only feedback needs of the resolver, for the record being processed. */
    private TraceFeedback.Port port(Record<String, ResolverInput> record, long at) {
        return new TraceFeedback.Port() {
            @Override
            public List<IndexHit> hits(String workspace, IndexEntry entry) {
                return TicketResolver.this.hits(workspace, entry);
            }

            @Override
            public void toTurn(TurnKey turn, TurnEvent event) {
                TicketResolver.this.toTurn(record, turn, event);
            }

            @Override
            public void complaint(String complaintId, LinkedComplaint complaint) {
                TicketResolver.this.complaint(record, complaintId, complaint);
            }

            @Override
            public void index(TurnKey turn, TurnEvent event) {
                IndexUpdates.from(turn, event).ifPresent(u -> applyIndex(record, u.getWorkspaceId(), u, at));
            }
        };
    }

    /** A ticket's own complaint (null: its tombstone), to linked-complaints: counted, and without internal headers. */
    private void complaint(Record<String, ResolverInput> record, String complaintId, LinkedComplaint complaint) {
        complaintMeters.emitted(complaint, record.headers(), context().currentSystemTimeMs());
        Resolved own = new Resolved.Complaint(complaintId, complaint);
        context().forward(record.withValue(own).withHeaders(IngestTime.none()));
    }

    /** Counts a ticket's new resolution by its status and link method. */
    private void resolved(TicketResolution resolution) {
        String status = resolution.getStatus().name();
        String method = resolution.getMethod().name();
        resolutions.computeIfAbsent(status + '/' + method, k -> Counter.builder(ResolveStage.TICKETS_RESOLVED)
                .description("Tickets resolved, or resolved again, by the resolution's status and link method")
                .tag("status", status).tag("link_method", method)
                .register(meters)).increment();
    }

    private void toTurn(Record<String, ResolverInput> record, TurnKey turn, TurnEvent event) {
        context().forward(record.withValue(new Resolved.ToTurn(turn, event)));
    }
}
