package dev.casefile.topology;

import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.SupportTicket;
import java.util.Comparator;

/**
 * Which of two versions of one feedback event or ticket is current: the later one in event time
 * (occurred_at, updated_at), ties broken by content, so every arrival order picks the same version.
 */
final class Versions {

    private static final Comparator<FeedbackEvent> FEEDBACK = Comparator
            .comparing(FeedbackEvent::getOccurredAt).thenComparing(FeedbackEvent::toString);
    private static final Comparator<SupportTicket> TICKET = Comparator
            .comparing(SupportTicket::getUpdatedAt).thenComparing(SupportTicket::toString);

    private Versions() {
    }

    /** Whether {@code candidate} should replace {@code current} (null: nothing yet). */
    static boolean replaces(FeedbackEvent candidate, FeedbackEvent current) {
        return current == null || FEEDBACK.compare(candidate, current) > 0;
    }

    static boolean replaces(SupportTicket candidate, SupportTicket current) {
        return current == null || TICKET.compare(candidate, current) > 0;
    }
}
