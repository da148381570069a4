package dev.casefile.topology;

import dev.casefile.config.Retention;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.TurnKey;
import dev.casefile.schema.internal.DetachKind;
import dev.casefile.schema.internal.Detachment;
import dev.casefile.schema.internal.FeedbackChange;
import dev.casefile.schema.internal.FeedbackEntry;
import dev.casefile.schema.internal.TraceInput;
import dev.casefile.schema.internal.TurnEvent;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Remembers, per feedback id, the version that is current (or that it was deleted), so a replay or
 * a stale version changes nothing, a new version that names another turn leaves the old one, and a
 * tombstone (which carries only the id) reaches the turn or trace the feedback went to.
 */
final class FeedbackRegistry extends ContextualProcessor<String, FeedbackChange, String, Routed> {

    private final Retention retention;
    private KeyValueStore<String, FeedbackEntry> registry;

    FeedbackRegistry(Retention retention) {
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        super.init(context);
        registry = context.getStateStore(Names.FEEDBACK_REGISTRY);
        registry = StoreRetention.schedule(context, retention, registry, e -> e.getLastEventAt().toEpochMilli(),
                e -> retention.complaintMs());
    }

    @Override
    public void process(Record<String, FeedbackChange> record) {
        String id = record.key();
        Instant at = Instant.ofEpochMilli(record.timestamp());
        FeedbackEntry entry = registry.get(id);
        FeedbackEvent next = record.value().getEvent();
        if (next == null) {
            if (entry != null && !entry.getDeleted()) {
                forward(record, leave(entry.getFeedback(), null));
                registry.put(id, new FeedbackEntry(entry.getFeedback(), true, at));
            }
            return;
        }
        if (entry != null && !Versions.replaces(next, entry.getFeedback())) {
            return;
        }
        if (entry != null && !entry.getDeleted() && !location(entry.getFeedback()).equals(location(next))) {
            forward(record, leave(entry.getFeedback(), entry.getFeedback()));
        }
        registry.put(id, new FeedbackEntry(next, false, at));
        forward(record, namesTurn(next)
                ? new Routed.ToTurn(turnOf(next), new TurnEvent(next))
                : new Routed.ToTrace(next.getTraceId(), new TraceInput(next)));
    }

    /** Where {@code feedback} goes: its turn when it names one, else its trace. */
    private static Object location(FeedbackEvent feedback) {
        return namesTurn(feedback) ? turnOf(feedback) : feedback.getTraceId();
    }

    /** Takes the feedback away from where it went: all of it (a deletion) or up to {@code replaced} (a move). */
    private static Routed leave(FeedbackEvent feedback, FeedbackEvent replaced) {
        Detachment detach = new Detachment(DetachKind.FEEDBACK, feedback.getFeedbackId(), replaced);
        return namesTurn(feedback)
                ? new Routed.ToTurn(turnOf(feedback), new TurnEvent(detach))
                : new Routed.ToTrace(feedback.getTraceId(), new TraceInput(detach));
    }

    private void forward(Record<String, FeedbackChange> record, Routed routed) {
        context().forward(record.withValue(routed));
    }

    static boolean namesTurn(FeedbackEvent event) {
        return !Validation.blank(event.getSessionId()) && !Validation.blank(event.getTurnId());
    }

    static TurnKey turnOf(FeedbackEvent event) {
        return new TurnKey(event.getWorkspaceId(), event.getSessionId(), event.getTurnId());
    }
}
