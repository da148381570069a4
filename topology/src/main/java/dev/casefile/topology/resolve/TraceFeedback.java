package dev.casefile.topology.resolve;

import dev.casefile.contract.ComplaintRevisions;
import dev.casefile.contract.Versions;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.TurnKey;
import dev.casefile.schema.internal.DetachKind;
import dev.casefile.schema.internal.Detachment;
import dev.casefile.schema.internal.IndexEntry;
import dev.casefile.schema.internal.IndexHit;
import dev.casefile.schema.internal.IndexKind;
import dev.casefile.schema.internal.TicketResolution;
import dev.casefile.schema.internal.TraceFeedbackState;
import dev.casefile.schema.internal.TurnEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Feedback that names a trace but no session and turn, in its workspace's resolver. Its captured id
 * (the OTLP id, a traceparent's trace id, or the product's alias of the trace) is looked up in the
 * workspace's index like a ticket's trace id: when one turn holds that trace, the feedback goes to
 * the turn with the turn's session and turn filled in; until then it has a complaint of its own
 * (awaiting its trace, or ambiguous), and it is looked up again whenever the index entries of its id
 * change, however much later the trace arrives. Another workspace's traces are never looked at.
 */
final class TraceFeedback {

    /** What the resolver does for it. */
    interface Port {
        List<IndexHit> hits(String workspace, IndexEntry entry);

        void toTurn(TurnKey turn, TurnEvent event);

        /** A feedback event's own complaint, or its tombstone when null. */
        void complaint(String complaintId, LinkedComplaint complaint);

        /** Feedback that reached (or left) a turn makes its identifiers known (or unknown) in the index. */
        void index(TurnKey turn, TurnEvent event);
    }

    private static final StringSerializer PREFIX_SERIALIZER = new StringSerializer();

    private final KeyValueStore<String, TraceFeedbackState> store;

    TraceFeedback(KeyValueStore<String, TraceFeedbackState> store) {
        this.store = store;
    }

    /** A version of trace-only feedback, at record time {@code at} (milliseconds since the epoch). */
    void arrive(String workspace, FeedbackEvent feedback, long at, Port port) {
        String key = key(workspace, feedback.getTraceId(), feedback.getFeedbackId());
        TraceFeedbackState state = store.get(key);
        if (state != null && !Versions.replaces(feedback, state.getFeedback())) {
            return;
        }
        TraceFeedbackState next = state == null ? new TraceFeedbackState(feedback, null, null, at) : state;
        next.setFeedback(feedback);
        next.setLastEventAt(Math.max(at, next.getLastEventAt()));
        reconcile(workspace, key, next, true, port);
    }

    /** Trace-only feedback deleted, or moved (now naming its turn, or another trace). */
    void leave(String workspace, Detachment detach, Port port) {
        String key = key(workspace, detach.getTraceId(), detach.getId());
        TraceFeedbackState state = store.get(key);
        if (state == null || detach.getReplaced() != null && Versions.replaces(state.getFeedback(), detach.getReplaced())) {
            return;
        }
        // Gone from the store first: the index change the detachment makes must not find it again.
        store.delete(key);
        if (state.getComplaint() != null) {
            port.complaint(state.getComplaint().getComplaintId(), null);
        }
        TurnKey turn = state.getResolution() == null ? null : state.getResolution().getTurn();
        if (turn != null) {
            detach(turn, state.getFeedback(), port);
        }
    }

    /** The index entries of an identifier changed: the feedback that looks it up is looked up again. */
    void indexChanged(String identifierPrefix, Port port) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, TraceFeedbackState> waiting = store.prefixScan(identifierPrefix, PREFIX_SERIALIZER)) {
            waiting.forEachRemaining(kv -> keys.add(kv.key));
        }
        for (String key : keys) {
            TraceFeedbackState state = store.get(key);
            reconcile(workspaceOf(state), key, state, false, port);
        }
    }

    /**
     * Looks the feedback up and tells its turn (and linked-complaints) what changed. The state is stored before the
     * turn and the index hear of it, as the index then looks this feedback up once more, and must find it current.
     */
    private void reconcile(String workspace, String key, TraceFeedbackState state, boolean feedbackChanged, Port port) {
        FeedbackEvent feedback = state.getFeedback();
        TicketResolution before = state.getResolution();
        TicketResolution after = Resolution.byCapturedTrace(port.hits(workspace, trace(feedback.getTraceId())));
        TurnKey oldTurn = before == null ? null : before.getTurn();
        TurnKey newTurn = after.getTurn();
        LinkedComplaint previous = state.getComplaint();
        if (newTurn == null) {
            LinkedComplaint own = FeedbackComplaints.of(feedback, after);
            if (!ComplaintRevisions.sameMaterial(own, previous)) {
                LinkedComplaint revised = ComplaintRevisions.revise(own, previous);
                port.complaint(revised.getComplaintId(), revised);
                state.setComplaint(revised);
            }
        } else if (previous != null) {
            port.complaint(previous.getComplaintId(), null);
            state.setComplaint(null);
        }
        state.setResolution(after);
        store.put(key, state);
        if (oldTurn != null && !oldTurn.equals(newTurn)) {
            detach(oldTurn, feedback, port);
        }
        if (newTurn != null && (feedbackChanged || !after.equals(before))) {
            TurnEvent located = new TurnEvent(located(feedback, newTurn));
            port.toTurn(newTurn, located);
            port.index(newTurn, located);
        }
    }

    /** The feedback leaves the turn it was sent to: up to the very version sent, so a newer one that raced ahead stays. */
    private static void detach(TurnKey turn, FeedbackEvent feedback, Port port) {
        FeedbackEvent sent = located(feedback, turn);
        TurnEvent leave = new TurnEvent(new Detachment(DetachKind.FEEDBACK, feedback.getFeedbackId(), sent, null));
        port.toTurn(turn, leave);
        port.index(turn, leave);
    }

    private static FeedbackEvent located(FeedbackEvent feedback, TurnKey turn) {
        return FeedbackEvent.newBuilder(feedback).setSessionId(turn.getSessionId()).setTurnId(turn.getTurnId()).build();
    }

    private static IndexEntry trace(String traceId) {
        return new IndexEntry(IndexKind.TRACE, traceId);
    }

    private static String key(String workspace, String traceId, String feedbackId) {
        return IndexKeys.entry(workspace, trace(traceId), feedbackId);
    }

    private static String workspaceOf(TraceFeedbackState state) {
        return Objects.requireNonNull(state.getFeedback().getWorkspaceId(), "workspace_id");
    }
}
