package dev.casefile.demo;

import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.SupportTicket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The worked example of the domain text: in workspace acme_eu a user thumbs-down turn 07 of session
 * sess_918 ("Agent said annual contracts are refundable anytime."); the UI captured trace tr_9021,
 * whose retrieval span read the stale policy page doc_version=v17.
 */
public final class WorkedExample {

    public static final String WORKSPACE = "acme_eu";
    public static final String SESSION = "sess_918";
    public static final String TURN = "07";
    /** The product's own id of the trace, which its UI captured and support quotes. */
    public static final String TRACE_ALIAS = "tr_9021";
    /** The same trace's OpenTelemetry id. */
    public static final String OTLP_TRACE_ID = "5b8efff798038103d269b633813f9021";
    public static final String TICKET = "cs_441";
    public static final String FEEDBACK_ID = "fb_sess_918_07";
    public static final String LABEL = "wrong_policy_answer";
    public static final String COMPLAINT_TEXT = "Agent said annual contracts are refundable anytime.";
    /** What the user asked, and the wrong answer the assistant gave (gen_ai.input.messages / gen_ai.output.messages). */
    public static final String QUESTION = "Can I get a refund on my annual contract? I signed up two months ago.";
    public static final String ANSWER = "Yes: annual contracts are refundable anytime. Cancel under Billing and the "
            + "unused months go back to your card.";
    public static final Instant SERVED_AT = Instant.parse("2026-05-21T09:14:21Z");
    public static final Instant FEEDBACK_AT = Instant.parse("2026-05-21T09:14:33Z");

    static final String ROOT_SPAN = "00f067aa0ba90201";
    static final String RETRIEVE_SPAN = "00f067aa0ba90202";
    static final String TOOL_SPAN = "00f067aa0ba90203";
    static final String LLM_SPAN = "00f067aa0ba90204";
    static final String REVIEW_SPAN = "00f067aa0ba90205";

    private WorkedExample() {
    }

    /** The trace's spans in one OTLP record; only the root span names the workspace, session and turn. */
    public static byte[] spans() {
        return spans(new OtlpTraceBuilder()).toBytes();
    }

    /** Adds the trace's five spans to {@code builder}. */
    public static OtlpTraceBuilder spans(OtlpTraceBuilder builder) {
        Instant t = SERVED_AT;
        builder.resource("service.name", "support-assistant");
        builder.span(OTLP_TRACE_ID, ROOT_SPAN, null, "chat.turn", t, t.plusMillis(2300), false, Map.of(
                "workspace.id", WORKSPACE, "session.id", SESSION, "turn.id", TURN, "app.trace_id", TRACE_ALIAS));
        builder.span(OTLP_TRACE_ID, RETRIEVE_SPAN, ROOT_SPAN, "retrieve.policy_docs", at(20), at(340), false, Map.of(
                "doc_version", "v17", "retrieval.source", "policy_docs"));
        builder.span(OTLP_TRACE_ID, TOOL_SPAN, ROOT_SPAN, "tool.contract_lookup", at(350), at(610), false, Map.of(
                "contract_type", "annual", "order_id", "ord_5521"));
        builder.span(OTLP_TRACE_ID, LLM_SPAN, ROOT_SPAN, "llm.answer", at(620), at(2200), false, Map.of(
                "prompt_version", "refund-v3", "gen_ai.request.model", "claude-2025-04-01",
                "model_deployment", "claude-2025-04-01", "experiment_bucket", "control",
                "gen_ai.response.id", "msg_01HQ9021refund",
                "gen_ai.input.messages", GenAiMessages.input(QUESTION),
                "gen_ai.output.messages", GenAiMessages.output(ANSWER)));
        builder.span(OTLP_TRACE_ID, REVIEW_SPAN, ROOT_SPAN, "output.review", at(2210), at(2290), false, Map.of(
                "cited_clause", "stale_refunds.md#2"));
        return builder;
    }

    /** The thumbs-down, with the trace id the UI captured at interaction time. */
    public static FeedbackEvent feedback() {
        return FeedbackEvent.newBuilder()
                .setFeedbackId(FEEDBACK_ID)
                .setOccurredAt(FEEDBACK_AT)
                .setWorkspaceId(WORKSPACE)
                .setSessionId(SESSION)
                .setTurnId(TURN)
                .setTraceId(TRACE_ALIAS)
                .setUserId("u_acme_pat")
                .setSurface("web_chat")
                .setLabel(LABEL)
                .setScore(-1.0)
                .setComplaintText(COMPLAINT_TEXT)
                .setEvidenceTags(Map.of("prompt_version", "refund-v3", "model_deployment", "claude-2025-04-01",
                        "experiment_bucket", "control"))
                .setBusinessKeys(Map.of("ticket_id", TICKET))
                .build();
    }

    /** The helpdesk ticket cs_441, opened from the chat three days later, with the trace id the UI stored. */
    public static SupportTicket ticket() {
        Instant opened = FEEDBACK_AT.plus(Duration.ofDays(3));
        return SupportTicket.newBuilder()
                .setTicketId(TICKET)
                .setOpenedAt(opened)
                .setUpdatedAt(opened)
                .setStatus("open")
                .setChannel("chat")
                .setWorkspaceId(WORKSPACE)
                .setRequesterEmail("pat@acme.example")
                .setTraceId(TRACE_ALIAS)
                .setBusinessKeys(Map.of("contract_id", "ct_annual_77"))
                .setSubject("Refund answer was wrong")
                .setBody(COMPLAINT_TEXT)
                .setCategory("wrong_answer")
                .build();
    }

    private static Instant at(long millisAfterServed) {
        return SERVED_AT.plus(Duration.ofMillis(millisAfterServed));
    }
}
