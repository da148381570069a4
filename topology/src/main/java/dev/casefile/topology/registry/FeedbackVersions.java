package dev.casefile.topology.registry;

import dev.casefile.contract.Identifiers;
import dev.casefile.contract.Versions;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.TurnKey;
import dev.casefile.schema.internal.DetachKind;
import dev.casefile.schema.internal.Detachment;
import dev.casefile.schema.internal.FeedbackChange;
import dev.casefile.schema.internal.FeedbackEntry;
import dev.casefile.schema.internal.ResolverInput;
import dev.casefile.schema.internal.TurnEvent;
import org.apache.kafka.streams.KeyValue;

/**
 * Feedback in the registry: newest by occurred_at; its place is its turn, or, when it names no turn, the
 * trace it captured, which its workspace's resolver finds.
 */
final class FeedbackVersions implements VersionRegistry.Kind<FeedbackChange, FeedbackEvent, FeedbackEntry, String, FeedbackRoute> {

    @Override
    public FeedbackEvent version(FeedbackChange change) {
        return change.getEvent();
    }

    @Override
    public FeedbackEntry entry(FeedbackEvent value, boolean deleted, long lastEventAtMs) {
        return new FeedbackEntry(value, deleted, lastEventAtMs);
    }

    @Override
    public FeedbackEvent value(FeedbackEntry entry) {
        return entry.getFeedback();
    }

    @Override
    public boolean deleted(FeedbackEntry entry) {
        return entry.getDeleted();
    }

    @Override
    public long lastEventAtMs(FeedbackEntry entry) {
        return entry.getLastEventAt();
    }

    @Override
    public boolean replaces(FeedbackEvent candidate, FeedbackEvent current) {
        return Versions.replaces(candidate, current);
    }

    /** Its turn; or, for feedback that names only a trace, that trace in its workspace. */
    @Override
    public Object place(FeedbackEvent feedback) {
        return namesTurn(feedback) ? turnOf(feedback) : feedback.getWorkspaceId() + '\u0000' + feedback.getTraceId();
    }

    @Override
    public KeyValue<String, FeedbackRoute> arrive(FeedbackEvent feedback) {
        return KeyValue.pair(feedback.getFeedbackId(), namesTurn(feedback)
                ? new FeedbackRoute.ToTurn(turnOf(feedback), new TurnEvent(feedback))
                : new FeedbackRoute.ToResolver(feedback.getWorkspaceId(), new ResolverInput(feedback)));
    }

    @Override
    public KeyValue<String, FeedbackRoute> leave(FeedbackEvent feedback, FeedbackEvent replaced) {
        String traceId = namesTurn(feedback) ? null : feedback.getTraceId();
        Detachment detach = new Detachment(DetachKind.FEEDBACK, feedback.getFeedbackId(), replaced, traceId);
        return KeyValue.pair(feedback.getFeedbackId(), namesTurn(feedback)
                ? new FeedbackRoute.ToTurn(turnOf(feedback), new TurnEvent(detach))
                : new FeedbackRoute.ToResolver(feedback.getWorkspaceId(), new ResolverInput(detach)));
    }

    private static boolean namesTurn(FeedbackEvent event) {
        return !Identifiers.blank(event.getSessionId()) && !Identifiers.blank(event.getTurnId());
    }

    private static TurnKey turnOf(FeedbackEvent event) {
        return new TurnKey(event.getWorkspaceId(), event.getSessionId(), event.getTurnId());
    }
}
