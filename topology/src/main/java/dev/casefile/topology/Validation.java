package dev.casefile.topology;

import dev.casefile.schema.FeedbackEvent;
import java.util.Optional;

/** What an input record must carry to be usable; the answer is the dead-letter reason. */
final class Validation {

    private Validation() {
    }

    static Optional<String> feedback(FeedbackEvent event) {
        if (blank(event.getFeedbackId())) {
            return Optional.of("feedback has no feedback_id");
        }
        if (blank(event.getWorkspaceId())) {
            return Optional.of("feedback " + event.getFeedbackId() + " has no workspace_id");
        }
        boolean hasTurn = !blank(event.getSessionId()) && !blank(event.getTurnId());
        if (!hasTurn && blank(event.getTraceId())) {
            return Optional.of("feedback " + event.getFeedbackId() + " has neither session_id and turn_id nor trace_id");
        }
        return Optional.empty();
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
