package dev.casefile.topology.ingest;

import dev.casefile.contract.Identifiers;
import dev.casefile.contract.TraceIds;
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

    Optional<Rejection> feedback(FeedbackEvent event) {
        if (Identifiers.blank(event.getFeedbackId())) {
            return missing("feedback has no feedback_id");
        }
        String id = "feedback " + printable(event.getFeedbackId());
        if (Identifiers.blank(event.getWorkspaceId())) {
            return missing(id + " has no workspace_id");
        }
        boolean hasTurn = !Identifiers.blank(event.getSessionId()) && !Identifiers.blank(event.getTurnId());
        if (!hasTurn && Identifiers.blank(event.getTraceId())) {
            return missing(id + " has neither session_id and turn_id nor trace_id");
        }
        if (event.getSpanId() != null && !TraceIds.isSpanId(event.getSpanId())) {
            return Optional.of(new Rejection(DeadLetterCause.INVALID_ID, id + " has a span_id that is not 16 hex digits"));
        }
        return firstOf(controlCharacters(id, event.getFeedbackId(), event.getWorkspaceId(), event.getSessionId(),
                event.getTurnId(), event.getTraceId()),
                time(id, "occurred_at", event.getOccurredAt()),
                text(id, "complaint_text", event.getComplaintText()));
    }

    Optional<Rejection> ticket(SupportTicket ticket) {
        if (Identifiers.blank(ticket.getTicketId())) {
            return missing("ticket has no ticket_id");
        }
        String id = "ticket " + printable(ticket.getTicketId());
        if (Identifiers.blank(ticket.getWorkspaceId())) {
            return missing(id + " has no workspace_id");
        }
        return firstOf(controlCharacters(id, ticket.getTicketId(), ticket.getWorkspaceId(), ticket.getSessionId(),
                ticket.getTurnId(), ticket.getTraceId(), ticket.getFeedbackId()),
                time(id, "opened_at", ticket.getOpenedAt()),
                time(id, "updated_at", ticket.getUpdatedAt()),
                text(id, "subject", ticket.getSubject()),
                text(id, "body", ticket.getBody()));
    }

    /** A reason if {@code at} is not a believable event time (see {@link EventTimes}). */
    private Optional<Rejection> time(String what, String field, Instant at) {
        return eventTimes.implausible(at).map(why -> new Rejection(DeadLetterCause.IMPLAUSIBLE_TIME,
                what + " has " + field + " " + at + ", " + why));
    }

    private static Optional<Rejection> text(String what, String field, String text) {
        return text != null && text.length() > MAX_TEXT_CHARS
                ? Optional.of(new Rejection(DeadLetterCause.TEXT_TOO_LONG,
                        what + " has a " + field + " of " + text.length() + " characters, over " + MAX_TEXT_CHARS))
                : Optional.empty();
    }

    private static Optional<Rejection> missing(String reason) {
        return Optional.of(new Rejection(DeadLetterCause.MISSING_FIELD, reason));
    }

    @SafeVarargs
    private static Optional<Rejection> firstOf(Optional<Rejection>... reasons) {
        for (Optional<Rejection> reason : reasons) {
            if (reason.isPresent()) {
                return reason;
            }
        }
        return Optional.empty();
    }

    /** Ids key Casefile's stores; control characters in them are refused. */
    private static Optional<Rejection> controlCharacters(String what, String... ids) {
        for (String id : ids) {
            if (id != null && Identifiers.hasControlCharacter(id)) {
                return Optional.of(new Rejection(DeadLetterCause.CONTROL_CHARACTERS, what + " has an id with control characters"));
            }
        }
        return Optional.empty();
    }

    private static String printable(String id) {
        return id.chars().anyMatch(Character::isISOControl) ? "(id with control characters)"
                : id.length() > 80 ? id.substring(0, 80) + "..." : id;
    }
}
