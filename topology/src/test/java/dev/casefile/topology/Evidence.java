package dev.casefile.topology;

import dev.casefile.demo.OtlpTraceBuilder;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.SupportTicket;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Builders of test evidence: tickets, feedback and small traces, with sensible defaults. */
final class Evidence {

    private Evidence() {
    }

    /** An open ticket in acme_eu that names nothing yet. */
    static SupportTicket.Builder ticket(String ticketId, Instant openedAt) {
        return SupportTicket.newBuilder().setTicketId(ticketId).setOpenedAt(openedAt).setUpdatedAt(openedAt)
                .setStatus("open").setChannel("email").setWorkspaceId("acme_eu").setCategory("wrong_answer")
                .setSubject("The assistant was wrong");
    }

    /** A thumbs-down on one turn of acme_eu. */
    static FeedbackEvent.Builder feedback(String feedbackId, String session, String turn, Instant at) {
        return FeedbackEvent.newBuilder().setFeedbackId(feedbackId).setOccurredAt(at).setWorkspaceId("acme_eu")
                .setSessionId(session).setTurnId(turn).setLabel("thumbs_down");
    }

    /**
     * A two-span trace of one turn of acme_eu: a root naming the turn, and an llm.answer span with
     * {@code llmAttributes} (evidence tags, business keys).
     */
    static byte[] trace(String traceId, String session, String turn, Instant at, Map<String, String> llmAttributes) {
        return trace("acme_eu", traceId, null, session, turn, at, llmAttributes);
    }

    /** The same trace in {@code workspace}, its root span carrying the product's own id of it, {@code alias} (if not null). */
    static byte[] trace(String workspace, String traceId, String alias, String session, String turn, Instant at,
                        Map<String, String> llmAttributes) {
        String root = traceId.substring(0, 15) + "1";
        Map<String, String> rootAttributes = new HashMap<>(Map.of("workspace.id", workspace, "session.id", session,
                "turn.id", turn));
        if (alias != null) {
            rootAttributes.put("app.trace_id", alias);
        }
        return new OtlpTraceBuilder()
                .span(traceId, root, null, "chat.turn", at, at.plusMillis(900), false, rootAttributes)
                .span(traceId, traceId.substring(0, 15) + "2", root, "llm.answer", at.plusMillis(100),
                        at.plusMillis(800), false, llmAttributes)
                .toBytes();
    }
}
