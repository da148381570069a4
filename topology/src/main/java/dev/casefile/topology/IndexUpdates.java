package dev.casefile.topology;

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
 * and its business keys. A deleted feedback event takes its entries away.
 */
final class IndexUpdates {

    private IndexUpdates() {
    }

    static Optional<IndexUpdate> from(TurnKey turn, TurnEvent event) {
        Object evidence = event.getEvent();
        if (evidence instanceof TraceView trace) {
            List<IndexEntry> entries = new ArrayList<>();
            entries.add(new IndexEntry(IndexKind.TRACE, trace.getTraceId()));
            trace.getAliases().stream().filter(Validation::usableIdentifier)
                    .forEach(a -> entries.add(new IndexEntry(IndexKind.TRACE, a)));
            addBusiness(entries, trace.getBusinessKeys());
            return Optional.of(update(turn, "trace:" + trace.getTraceId(), trace.getTraceId(), entries));
        }
        if (evidence instanceof FeedbackEvent feedback) {
            List<IndexEntry> entries = new ArrayList<>();
            entries.add(new IndexEntry(IndexKind.FEEDBACK, feedback.getFeedbackId()));
            if (!Validation.blank(feedback.getTraceId())) {
                entries.add(new IndexEntry(IndexKind.TRACE, feedback.getTraceId()));
            }
            addBusiness(entries, feedback.getBusinessKeys());
            return Optional.of(update(turn, feedbackSource(feedback.getFeedbackId(), turn), feedback.getTraceId(), entries));
        }
        if (evidence instanceof Detachment detach && detach.getKind() == DetachKind.FEEDBACK) {
            // Deleted, or moved to another turn (whose own update adds it there).
            return Optional.of(new IndexUpdate(turn.getWorkspaceId(), feedbackSource(detach.getId(), turn), null, null,
                    List.of()));
        }
        return Optional.empty();
    }

    /** A feedback event's entries are one source per turn, so its move from one turn to another cannot race. */
    private static String feedbackSource(String feedbackId, TurnKey turn) {
        return "feedback:" + feedbackId + "@" + turn.getSessionId() + "/" + turn.getTurnId();
    }

    private static IndexUpdate update(TurnKey turn, String source, String traceId, List<IndexEntry> entries) {
        return new IndexUpdate(turn.getWorkspaceId(), source, turn, traceId, entries);
    }

    private static void addBusiness(List<IndexEntry> entries, Map<String, String> businessKeys) {
        for (String value : new TreeSet<>(businessKeys.values())) {
            if (Validation.usableIdentifier(value)) {
                entries.add(new IndexEntry(IndexKind.BUSINESS, value));
            }
        }
    }
}
