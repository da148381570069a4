package dev.casefile.topology;

import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.SupportTicket;
import java.util.Optional;

/** What an input record must carry to be usable; the answer is the dead-letter reason. */
final class Validation {

    private Validation() {
    }

    static Optional<String> feedback(FeedbackEvent event) {
        if (blank(event.getFeedbackId())) {
            return Optional.of("feedback has no feedback_id");
        }
        String id = "feedback " + printable(event.getFeedbackId());
        if (blank(event.getWorkspaceId())) {
            return Optional.of(id + " has no workspace_id");
        }
        boolean hasTurn = !blank(event.getSessionId()) && !blank(event.getTurnId());
        if (!hasTurn && blank(event.getTraceId())) {
            return Optional.of(id + " has neither session_id and turn_id nor trace_id");
        }
        return controlCharacters(id, event.getFeedbackId(), event.getWorkspaceId(), event.getSessionId(),
                event.getTurnId(), event.getTraceId());
    }

    static Optional<String> ticket(SupportTicket ticket) {
        if (blank(ticket.getTicketId())) {
            return Optional.of("ticket has no ticket_id");
        }
        String id = "ticket " + printable(ticket.getTicketId());
        if (blank(ticket.getWorkspaceId())) {
            return Optional.of(id + " has no workspace_id");
        }
        return controlCharacters(id, ticket.getTicketId(), ticket.getWorkspaceId(), ticket.getSessionId(),
                ticket.getTurnId(), ticket.getTraceId(), ticket.getFeedbackId());
    }

    /** Whether a value can be an index identifier: not blank, no control characters. */
    static boolean usableIdentifier(String value) {
        return !blank(value) && value.chars().noneMatch(Character::isISOControl);
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Ids key Casefile's stores; control characters in them are refused. */
    private static Optional<String> controlCharacters(String what, String... ids) {
        for (String id : ids) {
            if (id != null && id.chars().anyMatch(Character::isISOControl)) {
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
