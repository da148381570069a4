package dev.casefile.topology.ingest;

import dev.casefile.contract.Identifiers;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.SupportTicket;
import java.time.Instant;
import java.util.Optional;

/**
 * What an input record must carry to be usable, and what it must not (absurd times, oversized
 * text); the answer is the dead-letter reason.
 */
final class Validation {

    /** Longer complaint texts, subjects and bodies are refused rather than stored. */
    static final int MAX_TEXT_CHARS = 32_768;

    private final EventTimes eventTimes;

    Validation(EventTimes eventTimes) {
        this.eventTimes = eventTimes;
    }

    Optional<String> feedback(FeedbackEvent event) {
        if (Identifiers.blank(event.getFeedbackId())) {
            return Optional.of("feedback has no feedback_id");
        }
        String id = "feedback " + printable(event.getFeedbackId());
        if (Identifiers.blank(event.getWorkspaceId())) {
            return Optional.of(id + " has no workspace_id");
        }
        boolean hasTurn = !Identifiers.blank(event.getSessionId()) && !Identifiers.blank(event.getTurnId());
        if (!hasTurn && Identifiers.blank(event.getTraceId())) {
            return Optional.of(id + " has neither session_id and turn_id nor trace_id");
        }
        return firstOf(controlCharacters(id, event.getFeedbackId(), event.getWorkspaceId(), event.getSessionId(),
                event.getTurnId(), event.getTraceId()),
                time(id, "occurred_at", event.getOccurredAt()),
                text(id, "complaint_text", event.getComplaintText()));
    }

    Optional<String> ticket(SupportTicket ticket) {
        if (Identifiers.blank(ticket.getTicketId())) {
            return Optional.of("ticket has no ticket_id");
        }
        String id = "ticket " + printable(ticket.getTicketId());
        if (Identifiers.blank(ticket.getWorkspaceId())) {
            return Optional.of(id + " has no workspace_id");
        }
        return firstOf(controlCharacters(id, ticket.getTicketId(), ticket.getWorkspaceId(), ticket.getSessionId(),
                ticket.getTurnId(), ticket.getTraceId(), ticket.getFeedbackId()),
                time(id, "opened_at", ticket.getOpenedAt()),
                time(id, "updated_at", ticket.getUpdatedAt()),
                text(id, "subject", ticket.getSubject()),
                text(id, "body", ticket.getBody()));
    }

    /** A reason if {@code at} is not a believable event time (see {@link EventTimes}). */
    private Optional<String> time(String what, String field, Instant at) {
        return eventTimes.implausible(at).map(why -> what + " has " + field + " " + at + ", " + why);
    }

    private static Optional<String> text(String what, String field, String text) {
        return text != null && text.length() > MAX_TEXT_CHARS
                ? Optional.of(what + " has a " + field + " of " + text.length() + " characters, over " + MAX_TEXT_CHARS)
                : Optional.empty();
    }

    @SafeVarargs
    private static Optional<String> firstOf(Optional<String>... reasons) {
        for (Optional<String> reason : reasons) {
            if (reason.isPresent()) {
                return reason;
            }
        }
        return Optional.empty();
    }




    /** Ids key Casefile's stores; control characters in them are refused. */
    private static Optional<String> controlCharacters(String what, String... ids) {
        for (String id : ids) {
            if (id != null && Identifiers.hasControlCharacter(id)) {
                return Optional.of(what + " has an id with control characters");
            }
        }
        return Optional.empty();
    }

    private static String printable(String id) {
        return id.chars().anyMatch(Character::isISOControl) ? "(id with control characters)"
                : id.length() > 80 ? id.substring(0, 80) + "..." : id;
    }
}
