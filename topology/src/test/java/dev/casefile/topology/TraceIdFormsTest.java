package dev.casefile.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.config.CasefileConfig;
import dev.casefile.contract.ComplaintIds;
import dev.casefile.demo.WorkedExample;
import dev.casefile.schema.ComplaintStatus;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.LinkMethod;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.SupportTicket;
import dev.casefile.schema.TurnKey;
import dev.casefile.topology.resolve.ResolveStage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every form of trace id a product captures (the OTLP id, a W3C traceparent, the product's own alias
 * of the trace) links feedback and tickets to their turn, with or without session and turn, whichever
 * arrives first and however far apart; a named span is kept.
 */
class TraceIdFormsTest {

    private static final Instant T0 = WorkedExample.SERVED_AT;
    private static final String TURN_COMPLAINT = ComplaintIds.of(
            new TurnKey(WorkedExample.WORKSPACE, WorkedExample.SESSION, WorkedExample.TURN));
    private static final String LLM_SPAN = "00f067aa0ba90204";
    private static final String TRACEPARENT = "00-" + WorkedExample.OTLP_TRACE_ID + "-" + LLM_SPAN + "-01";

    /** A form of captured id, what Casefile stores it as, and the span it names. */
    enum Form {
        OTLP(WorkedExample.OTLP_TRACE_ID.toUpperCase(Locale.ROOT), WorkedExample.OTLP_TRACE_ID, null),
        TRACEPARENT(TraceIdFormsTest.TRACEPARENT, WorkedExample.OTLP_TRACE_ID, LLM_SPAN),
        ALIAS(WorkedExample.TRACE_ALIAS, WorkedExample.TRACE_ALIAS, null);

        final String captured;
        final String stored;
        final String span;

        Form(String captured, String stored, String span) {
            this.captured = captured;
            this.stored = stored;
            this.span = span;
        }
    }

    static Stream<Arguments> feedbackCases() {
        return Stream.of(Form.values()).flatMap(form -> Stream.of(true, false).flatMap(withTurn ->
                Stream.of(true, false).map(spansFirst -> Arguments.of(form, withTurn, spansFirst))));
    }

    @ParameterizedTest(name = "{0}, with session and turn: {1}, spans first: {2}")
    @MethodSource("feedbackCases")
    void feedbackLinksByEachForm(Form form, boolean withTurn, boolean spansFirst) {
        try (TopologyHarness casefile = new TopologyHarness()) {
            FeedbackEvent.Builder feedback = FeedbackEvent.newBuilder(WorkedExample.feedback()).setTraceId(form.captured);
            if (!withTurn) {
                feedback.setSessionId(null).setTurnId(null);
            }
            if (spansFirst) {
                casefile.spans(WorkedExample.spans(), T0);
                casefile.feedback(feedback.build());
            } else {
                casefile.feedback(feedback.build());
                casefile.spans(WorkedExample.spans(), T0);
            }

            Map<String, LinkedComplaint> view = casefile.view();
            assertEquals(Set.of(TURN_COMPLAINT), view.keySet(), "one complaint, the turn's");
            LinkedComplaint complaint = view.get(TURN_COMPLAINT);
            assertEquals(ComplaintStatus.LINKED, complaint.getStatus());
            assertEquals(LinkMethod.CAPTURED_TRACE_ID, complaint.getLinkMethod());
            assertEquals(form.stored, complaint.getTraceId());
            assertEquals(WorkedExample.OTLP_TRACE_ID, complaint.getOtlpTraceId());
            assertEquals(form.span, complaint.getSpanId());
            assertNull(complaint.getTraceConflict());
            assertEquals(List.of(WorkedExample.FEEDBACK_ID), complaint.getFeedbackIds());
            assertEquals(WorkedExample.SESSION, complaint.getSessionId());
        }
    }

    static Stream<Arguments> ticketCases() {
        return Stream.of(Form.values()).flatMap(form -> Stream.of(true, false).map(spansFirst -> Arguments.of(form, spansFirst)));
    }

    @ParameterizedTest(name = "{0}, spans first: {1}")
    @MethodSource("ticketCases")
    void aTicketLinksByEachForm(Form form, boolean spansFirst) {
        try (TopologyHarness casefile = new TopologyHarness()) {
            SupportTicket ticket = Evidence.ticket(WorkedExample.TICKET, WorkedExample.FEEDBACK_AT.plus(Duration.ofDays(3)))
                    .setTraceId(form.captured).build();
            if (spansFirst) {
                casefile.spans(WorkedExample.spans(), T0);
                casefile.ticket(ticket);
            } else {
                casefile.ticket(ticket);
                casefile.spans(WorkedExample.spans(), T0);
            }

            Map<String, LinkedComplaint> view = casefile.view();
            assertEquals(Set.of(TURN_COMPLAINT), view.keySet(), "the ticket's complaint is the turn's");
            LinkedComplaint complaint = view.get(TURN_COMPLAINT);
            assertEquals(ComplaintStatus.LINKED, complaint.getStatus());
            assertEquals(LinkMethod.TICKET_TRACE_ID, complaint.getLinkMethod());
            assertEquals(WorkedExample.OTLP_TRACE_ID, complaint.getOtlpTraceId());
            assertEquals(List.of(WorkedExample.TICKET), complaint.getTicketIds());
        }
    }

    @Test
    void feedbackByAliasDaysAfterItsTraceLinks() {
        try (TopologyHarness casefile = new TopologyHarness()) {
            casefile.spans(WorkedExample.spans(), T0);
            Instant fiveDaysLater = T0.plus(Duration.ofDays(5));
            casefile.feedback(aliasOnly().setOccurredAt(fiveDaysLater).build());

            LinkedComplaint complaint = casefile.view().get(TURN_COMPLAINT);
            assertEquals(ComplaintStatus.LINKED, complaint.getStatus());
            assertEquals(fiveDaysLater, complaint.getFirstReportedAt());
        }
    }

    @Test
    void feedbackByAliasLinksWhenItsTraceArrivesDaysLate() {
        try (TopologyHarness casefile = new TopologyHarness()) {
            casefile.feedback(aliasOnly().build());
            // Five days of other traffic, then the trace, held up in the Collector's queue all that time.
            for (int day = 1; day <= 5; day++) {
                Instant at = T0.plus(Duration.ofDays(day));
                casefile.spans(Evidence.trace(String.format("%032x", 0x500L + day), "sess_other" + day, "01", at, Map.of()), at);
            }
            assertEquals(ComplaintStatus.AWAITING_TRACE, casefile.view().get(ownComplaint("acme_eu")).getStatus());
            casefile.spans(WorkedExample.spans(), T0);

            Map<String, LinkedComplaint> view = casefile.view();
            assertEquals(Set.of(TURN_COMPLAINT), view.keySet());
            assertEquals(ComplaintStatus.LINKED, view.get(TURN_COMPLAINT).getStatus());
        }
    }

    @Test
    void feedbackThatCannotLinkYetIsAnAwaitingComplaintSupportCanFind() {
        try (TopologyHarness casefile = new TopologyHarness()) {
            casefile.feedback(aliasOnly().build());

            LinkedComplaint waiting = casefile.view().get(ownComplaint("acme_eu"));
            assertEquals(ComplaintStatus.AWAITING_TRACE, waiting.getStatus());
            assertEquals(WorkedExample.TRACE_ALIAS, waiting.getTraceId());
            assertEquals(WorkedExample.COMPLAINT_TEXT, waiting.getComplaintText());
            assertEquals(List.of(WorkedExample.LABEL), waiting.getLabels());
            assertNull(waiting.getSessionId());
        }
    }

    static Stream<Arguments> orders() {
        return Stream.of(Arguments.of(true), Arguments.of(false));
    }

    @ParameterizedTest(name = "spans first: {0}")
    @MethodSource("orders")
    void anAliasTwoWorkspacesShareLinksOnlyWithinTheFeedbacksWorkspace(boolean spansFirst) {
        String ours = "0af7651916cd43dd8448eb211c80a001";
        String theirs = "0af7651916cd43dd8448eb211c80b001";
        try (TopologyHarness casefile = new TopologyHarness()) {
            Runnable spans = () -> {
                casefile.spans(Evidence.trace("acme_eu", ours, "tr_shared", "sess_1", "01", T0, Map.of()), T0);
                casefile.spans(Evidence.trace("other_ws", theirs, "tr_shared", "sess_1", "01", T0, Map.of()), T0);
            };
            FeedbackEvent feedback = Evidence.feedback("fb_1", null, null, T0.plusSeconds(30)).setTraceId("tr_shared").build();
            if (spansFirst) {
                spans.run();
                casefile.feedback(feedback);
            } else {
                casefile.feedback(feedback);
                spans.run();
            }

            String turn = ComplaintIds.of(new TurnKey("acme_eu", "sess_1", "01"));
            Map<String, LinkedComplaint> view = casefile.view();
            assertEquals(Set.of(turn), view.keySet(), "nothing in other_ws");
            assertEquals(ComplaintStatus.LINKED, view.get(turn).getStatus());
            assertEquals(ours, view.get(turn).getOtlpTraceId());
        }
    }

    @Test
    void anAliasTwoTurnsOfOneWorkspaceShareIsAmbiguous() {
        try (TopologyHarness casefile = new TopologyHarness()) {
            casefile.spans(Evidence.trace("acme_eu", "0af7651916cd43dd8448eb211c80a001", "tr_dup", "sess_1", "01", T0, Map.of()), T0);
            casefile.spans(Evidence.trace("acme_eu", "0af7651916cd43dd8448eb211c80b001", "tr_dup", "sess_2", "01", T0, Map.of()), T0);
            casefile.feedback(Evidence.feedback("fb_1", null, null, T0.plusSeconds(30)).setTraceId("tr_dup").build());

            LinkedComplaint own = casefile.view().get(ComplaintIds.ofFeedback("acme_eu", "fb_1"));
            assertEquals(ComplaintStatus.AMBIGUOUS, own.getStatus());
            assertEquals(List.of("0af7651916cd43dd8448eb211c80a001", "0af7651916cd43dd8448eb211c80b001"),
                    own.getCandidateTraceIds());
            assertEquals(1, casefile.view().size(), "no turn gets it");
        }
    }

    @Test
    void anAliasThatNeverAppearsStaysAwaitingUntilRetentionThenIsLetGo() {
        Map<String, String> shortRetention = Map.of(
                CasefileConfig.RETENTION_UNCOMPLAINED_MS, Long.toString(Duration.ofDays(1).toMillis()),
                CasefileConfig.RETENTION_COMPLAINT_MS, Long.toString(Duration.ofDays(3).toMillis()),
                CasefileConfig.RETENTION_SCAN_INTERVAL_MS, Long.toString(Duration.ofHours(1).toMillis()));
        try (TopologyHarness casefile = new TopologyHarness(shortRetention)) {
            casefile.feedback(aliasOnly().setTraceId("tr_never").build());
            for (int hours = 12; hours < 72; hours += 12) {
                Instant at = T0.plus(Duration.ofHours(hours));
                casefile.spans(Evidence.trace(String.format("%032x", 0x700L + hours), "sess_h" + hours, "01", at, Map.of()), at);
                assertEquals(ComplaintStatus.AWAITING_TRACE, casefile.view().get(ownComplaint("acme_eu")).getStatus());
                assertEquals(1, casefile.storeSize(ResolveStage.TRACE_FEEDBACK), "still looked for after " + hours + " h");
            }

            Instant past = T0.plus(Duration.ofDays(3)).plus(Duration.ofHours(2));
            casefile.spans(Evidence.trace(String.format("%032x", 0x7FFL), "sess_past", "01", past, Map.of()), past);
            assertEquals(0, casefile.storeSize(ResolveStage.TRACE_FEEDBACK), "let go at its retention");
            // Its record on linked-complaints stays, as every complaint's does; a trace with the alias now starts afresh.
            casefile.spans(Evidence.trace("acme_eu", String.format("%032x", 0x800L), "tr_never", "sess_late", "01", past, Map.of()),
                    past);
            Map<String, LinkedComplaint> view = casefile.view();
            assertEquals(Set.of(ownComplaint("acme_eu")), view.keySet());
            assertEquals(ComplaintStatus.AWAITING_TRACE, view.get(ownComplaint("acme_eu")).getStatus());
        }
    }

    @Test
    void aSpanIdOnTheFeedbackIsKeptAndOutranksTheTraceparents() {
        try (TopologyHarness casefile = new TopologyHarness()) {
            casefile.spans(WorkedExample.spans(), T0);
            casefile.feedback(FeedbackEvent.newBuilder(WorkedExample.feedback()).setTraceId(TRACEPARENT)
                    .setSpanId("00F067AA0BA90202").build());

            assertEquals("00f067aa0ba90202", casefile.view().get(TURN_COMPLAINT).getSpanId());
        }
    }

    @Test
    void aSpanIdThatIsNotOneIsADeadLetterNamingTheField() {
        try (TopologyHarness casefile = new TopologyHarness()) {
            casefile.feedback(FeedbackEvent.newBuilder(WorkedExample.feedback()).setSpanId("llm.answer").build());

            assertEquals(Map.of(), casefile.view());
            List<String> reasons = casefile.deadLetterReasons();
            assertEquals(1, reasons.size());
            assertTrue(reasons.get(0).contains("span_id"), reasons.get(0));
        }
    }

    @Test
    void movingAliasOnlyFeedbackToItsTurnLeavesOneComplaint() {
        try (TopologyHarness casefile = new TopologyHarness()) {
            casefile.feedback(aliasOnly().setTraceId("tr_unknown").build());
            casefile.feedback(FeedbackEvent.newBuilder(WorkedExample.feedback())
                    .setOccurredAt(WorkedExample.FEEDBACK_AT.plusSeconds(1)).build());
            casefile.spans(WorkedExample.spans(), T0);

            Map<String, LinkedComplaint> view = casefile.view();
            assertEquals(Set.of(TURN_COMPLAINT), view.keySet(), "the awaiting complaint is tombstoned");
            assertEquals(ComplaintStatus.LINKED, view.get(TURN_COMPLAINT).getStatus());
        }
    }

    private static FeedbackEvent.Builder aliasOnly() {
        return FeedbackEvent.newBuilder(WorkedExample.feedback()).setSessionId(null).setTurnId(null)
                .setTraceId(WorkedExample.TRACE_ALIAS);
    }

    private static String ownComplaint(String workspace) {
        return ComplaintIds.ofFeedback(workspace, WorkedExample.FEEDBACK_ID);
    }
}
