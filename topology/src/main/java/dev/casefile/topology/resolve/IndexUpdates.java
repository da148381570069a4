package dev.casefile.topology.resolve;

import dev.casefile.contract.Identifiers;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.TurnKey;
import dev.casefile.schema.internal.DetachKind;
import dev.casefile.schema.internal.Detachment;
import dev.casefile.schema.internal.IndexEntry;
import dev.casefile.schema.internal.IndexKind;
import dev.casefile.schema.internal.IndexUpdate;
import dev.casefile.schema.internal.TraceView;
import dev.casefile.schema.internal.TurnEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What each piece of turn evidence adds to the business-key index: a trace makes its id, its
 * aliases and its business keys point at its turn; a feedback event its id, its captured trace id
 * and its business keys. A deleted feedback event takes its entries away. Each source's first entry
 * is its home: its own trace id or feedback id, whose key-index entry also records the source.
 */
final class IndexUpdates {

    private IndexUpdates() {
    }

    static Optional<IndexUpdate> from(TurnKey turn, TurnEvent event) {
        Object evidence = event.getEvent();
        if (evidence instanceof TraceView trace) {
            IndexEntry home = new IndexEntry(IndexKind.TRACE, trace.getTraceId());
            List<IndexEntry> entries = new ArrayList<>();
            entries.add(home);
            trace.getAliases().stream().filter(Identifiers::usable)
                    .forEach(a -> entries.add(new IndexEntry(IndexKind.TRACE, a)));
            addBusiness(entries, trace.getBusinessKeys());
            return Optional.of(update(turn, "trace:" + trace.getTraceId(), home, trace.getTraceId(), entries));
        }
        if (evidence instanceof FeedbackEvent feedback) {
            IndexEntry home = new IndexEntry(IndexKind.FEEDBACK, feedback.getFeedbackId());
            List<IndexEntry> entries = new ArrayList<>();
            entries.add(home);
            if (!Identifiers.blank(feedback.getTraceId())) {
                entries.add(new IndexEntry(IndexKind.TRACE, feedback.getTraceId()));
            }
            addBusiness(entries, feedback.getBusinessKeys());
            return Optional.of(update(turn, feedbackSource(feedback.getFeedbackId(), turn), home, feedback.getTraceId(), entries));
        }
        if (evidence instanceof Detachment detach && detach.getKind() == DetachKind.FEEDBACK) {
            // Deleted, or moved to another turn (whose own update adds it there).
            return Optional.of(new IndexUpdate(turn.getWorkspaceId(), feedbackSource(detach.getId(), turn),
                    new IndexEntry(IndexKind.FEEDBACK, detach.getId()), null, null, List.of()));
        }
        return Optional.empty();
    }

    /** A feedback event's entries are one source per turn, so its move from one turn to another cannot race. */
    private static String feedbackSource(String feedbackId, TurnKey turn) {
        return "feedback:" + feedbackId + "@" + turn.getSessionId() + "/" + turn.getTurnId();
    }

    private static IndexUpdate update(TurnKey turn, String source, IndexEntry home, String traceId, List<IndexEntry> entries) {
        return new IndexUpdate(turn.getWorkspaceId(), source, home, turn, traceId, entries);
    }

    private static void addBusiness(List<IndexEntry> entries, Map<String, String> businessKeys) {
        for (String value : new TreeSet<>(businessKeys.values())) {
            if (Identifiers.usable(value)) {
                entries.add(new IndexEntry(IndexKind.BUSINESS, value));
            }
        }
    }
}
