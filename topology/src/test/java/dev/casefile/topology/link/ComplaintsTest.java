package dev.casefile.topology.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.schema.ComplaintStatus;
import dev.casefile.schema.EvidenceTag;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.LinkMethod;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.SupportTicket;
import dev.casefile.schema.TurnKey;
import dev.casefile.schema.internal.AttachedTicket;
import dev.casefile.schema.internal.TraceDigest;
import dev.casefile.schema.internal.TraceView;
import dev.casefile.schema.internal.TurnState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A turn's complaint as a pure function of its evidence, case by case. */
class ComplaintsTest {

    private static final TurnKey TURN = new TurnKey("acme_eu", "sess_918", "07");
    private static final Instant SERVED = Instant.parse("2026-05-21T09:14:21Z");
    private static final Instant CLICKED = SERVED.plusSeconds(12);
    private static final String OTLP = "5b8efff798038103d269b633813f9021";

    /** What a row expects of the complaint: its status, how it linked, the trace it names, the OTLP id, the conflict. */
    record Expect(ComplaintStatus status, LinkMethod method, String traceId, String otlpTraceId, String conflict) {
    }

    static Stream<Arguments> cases() {
        FeedbackEvent joined = feedback("fb_1", null, CLICKED);
        FeedbackEvent captured = feedback("fb_1", "tr_9021", CLICKED);
        return Stream.of(
                row("feedback before its trace awaits it", null, List.of(joined), List.of(),
                        new Expect(ComplaintStatus.AWAITING_TRACE, LinkMethod.SESSION_TURN_JOIN, null, null, null)),
                row("feedback that captured an id awaits that trace", null, List.of(captured), List.of(),
                        new Expect(ComplaintStatus.AWAITING_TRACE, LinkMethod.CAPTURED_TRACE_ID, "tr_9021", null, null)),
                row("feedback joins the turn's trace", trace(OTLP, "tr_9021"), List.of(joined), List.of(),
                        new Expect(ComplaintStatus.LINKED, LinkMethod.SESSION_TURN_JOIN, OTLP, OTLP, null)),
                row("a captured alias links to the trace and keeps the alias", trace(OTLP, "tr_9021"), List.of(captured),
                        List.of(), new Expect(ComplaintStatus.LINKED, LinkMethod.CAPTURED_TRACE_ID, "tr_9021", OTLP, null)),
                row("a captured OTLP id links too", trace(OTLP), List.of(feedback("fb_1", OTLP, CLICKED)), List.of(),
                        new Expect(ComplaintStatus.LINKED, LinkMethod.CAPTURED_TRACE_ID, OTLP, OTLP, null)),
                row("a captured id that is not the turn's trace is a conflict", trace(OTLP, "tr_other"), List.of(captured),
                        List.of(), new Expect(ComplaintStatus.AWAITING_TRACE, LinkMethod.CAPTURED_TRACE_ID, "tr_9021", null, OTLP)),
                row("a ticket alone, by its trace id", trace(OTLP, "tr_9021"), List.of(),
                        List.of(ticket("cs_441", "tr_9021", LinkMethod.TICKET_TRACE_ID)),
                        new Expect(ComplaintStatus.LINKED, LinkMethod.TICKET_TRACE_ID, "tr_9021", OTLP, null)),
                row("a ticket alone, by a business key", trace(OTLP), List.of(),
                        List.of(ticket("cs_441", null, LinkMethod.BUSINESS_KEY)),
                        new Expect(ComplaintStatus.LINKED, LinkMethod.BUSINESS_KEY, OTLP, OTLP, null)),
                row("the strongest evidence names the method", trace(OTLP), List.of(joined),
                        List.of(ticket("cs_441", null, LinkMethod.BUSINESS_KEY)),
                        new Expect(ComplaintStatus.LINKED, LinkMethod.SESSION_TURN_JOIN, OTLP, OTLP, null)),
                row("a captured id outranks a ticket's", trace(OTLP, "tr_9021", "tr_alt"), List.of(captured),
                        List.of(ticket("cs_441", "tr_alt", LinkMethod.TICKET_TRACE_ID)),
                        new Expect(ComplaintStatus.LINKED, LinkMethod.CAPTURED_TRACE_ID, "tr_9021", OTLP, null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void assembles(String name, TurnState state, Expect expect) {
        LinkedComplaint c = Complaints.assemble(state).orElseThrow();
        assertEquals(expect, new Expect(c.getStatus(), c.getLinkMethod(), c.getTraceId(), c.getOtlpTraceId(),
                c.getTraceConflict()));
        assertEquals(0, c.getRevision(), "the revision is the turn linker's to set");
    }

    @Test
    void nobodyComplainedNoComplaint() {
        assertEquals(Optional.empty(), Complaints.assemble(state(trace(OTLP), List.of(), List.of())));
    }

    @Test
    void theEvidenceIsReadInTimeOrderWhateverOrderItCameIn() {
        FeedbackEvent later = FeedbackEvent.newBuilder(feedback("fb_2", null, CLICKED.plusSeconds(60)))
                .setLabel("rude").setComplaintText("later text").build();
        FeedbackEvent earlier = FeedbackEvent.newBuilder(feedback("fb_1", null, CLICKED)).setComplaintText("first text").build();
        AttachedTicket ticket = ticket("cs_441", null, LinkMethod.BUSINESS_KEY);
        LinkedComplaint a = Complaints.assemble(state(trace(OTLP), List.of(later, earlier), List.of(ticket))).orElseThrow();
        LinkedComplaint b = Complaints.assemble(state(trace(OTLP), List.of(earlier, later), List.of(ticket))).orElseThrow();

        assertEquals(a, b);
        assertEquals("first text", a.getComplaintText());
        assertEquals(List.of("fb_1", "fb_2"), a.getFeedbackIds());
        assertEquals(List.of("rude", "thumbs_down", "wrong_answer"), a.getLabels(), "feedback labels and ticket categories");
        assertEquals(CLICKED, a.getFirstReportedAt());
        assertEquals(SERVED, a.getInteractionAt());
        assertEquals(CLICKED, a.getLinkedAt(), "linked once both the answer and the report existed");
        assertEquals(Map.of("cs_441", "open"), a.getTicketStatus());
    }

    @Test
    void theTracesTagsWinAndTheUiFillsOnlyWhatTheTraceLacks() {
        FeedbackEvent withTags = FeedbackEvent.newBuilder(feedback("fb_1", null, CLICKED))
                .setEvidenceTags(Map.of("doc_version", "v16", "surface_build", "b12")).build();
        LinkedComplaint c = Complaints.assemble(state(trace(OTLP), List.of(withTags), List.of())).orElseThrow();
        assertEquals(List.of(new EvidenceTag("doc_version", "v17", "retrieve.policy_docs", "0000000000000002"),
                new EvidenceTag("surface_build", "b12", null, null)), c.getEvidenceTags());
    }

    @Test
    void aComplaintWithoutATraceHasNoSummaryAndNoInteractionTime() {
        LinkedComplaint c = Complaints.assemble(state(null, List.of(feedback("fb_1", null, CLICKED)), List.of()))
                .orElseThrow();
        assertEquals(null, c.getTraceSummary());
        assertEquals(null, c.getInteractionAt());
        assertTrue(c.getComplaintId().startsWith("cmp-"));
    }

    @Test
    void aTraceWithoutAStartTimeIsLinkedWhenReportedAndItsSummarySaysSo() {
        TraceView unstarted = trace((Instant) null, OTLP);
        LinkedComplaint c = Complaints.assemble(state(unstarted, List.of(feedback("fb_1", null, CLICKED)), List.of())).orElseThrow();
        assertEquals(ComplaintStatus.LINKED, c.getStatus());
        assertEquals(null, c.getInteractionAt());
        assertEquals(CLICKED, c.getLinkedAt());
        assertEquals(null, c.getTraceSummary().getStartedAt());
        assertEquals("chat.turn", c.getTraceSummary().getRootSpanName());
    }

    @Test
    void aRegeneratedAnswerIsAnAttemptAndFeedbackWithoutAnIdIsAboutTheLatest() {
        TraceView first = trace(OTLP, "tr_first");
        TraceView second = trace(SERVED.plusSeconds(5), "7a8efff798038103d269b633813f9022", "tr_second");
        LinkedComplaint c = Complaints.assemble(attempts(List.of(second, first),
                List.of(feedback("fb_1", null, CLICKED)), List.of())).orElseThrow();
        assertEquals(ComplaintStatus.LINKED, c.getStatus());
        assertEquals(second.getTraceId(), c.getOtlpTraceId(), "the answer the user saw last");
        assertEquals(List.of(OTLP), c.getAttemptTraceIds());
        assertEquals(SERVED.plusSeconds(5), c.getInteractionAt());
    }

    @Test
    void aCapturedIdPicksItsAttemptWhicheverCameLast() {
        TraceView first = trace(OTLP, "tr_first");
        TraceView second = trace(SERVED.plusSeconds(5), "7a8efff798038103d269b633813f9022", "tr_second");
        LinkedComplaint c = Complaints.assemble(attempts(List.of(first, second),
                List.of(feedback("fb_1", "tr_first", CLICKED)), List.of())).orElseThrow();
        assertEquals(ComplaintStatus.LINKED, c.getStatus());
        assertEquals("tr_first", c.getTraceId());
        assertEquals(OTLP, c.getOtlpTraceId());
        assertEquals(List.of(second.getTraceId()), c.getAttemptTraceIds());
        assertEquals(SERVED, c.getInteractionAt());
    }

    @Test
    void anAttemptStartedAfterTheFeedbackIsNotWhatTheUserComplainedAbout() {
        TraceView first = trace(OTLP, "tr_first");
        TraceView later = trace(CLICKED.plusSeconds(30), "7a8efff798038103d269b633813f9022", "tr_second");
        LinkedComplaint c = Complaints.assemble(attempts(List.of(first, later),
                List.of(feedback("fb_1", null, CLICKED)), List.of())).orElseThrow();
        assertEquals(OTLP, c.getOtlpTraceId());
        assertEquals(List.of(later.getTraceId()), c.getAttemptTraceIds());
    }

    @Test
    void aCapturedSpanIdIsKept() {
        FeedbackEvent onSpan = FeedbackEvent.newBuilder(feedback("fb_1", OTLP, CLICKED)).setSpanId("0000000000000002").build();
        LinkedComplaint c = Complaints.assemble(state(trace(OTLP), List.of(onSpan), List.of())).orElseThrow();
        assertEquals("0000000000000002", c.getSpanId());
    }

    private static Arguments row(String name, TraceView trace, List<FeedbackEvent> feedback, List<AttachedTicket> tickets,
                                 Expect expect) {
        return Arguments.of(name, state(trace, feedback, tickets), expect);
    }

    private static TurnState state(TraceView trace, List<FeedbackEvent> feedback, List<AttachedTicket> tickets) {
        return attempts(trace == null ? List.of() : List.of(trace), feedback, tickets);
    }

    private static TurnState attempts(List<TraceView> attempts, List<FeedbackEvent> feedback, List<AttachedTicket> tickets) {
        List<TraceView> ordered = new ArrayList<>(attempts);
        ordered.sort(Attempts.ORDER);
        return TurnState.newBuilder().setTurn(TURN).setAttempts(ordered).setFeedback(new ArrayList<>(feedback))
                .setTickets(new ArrayList<>(tickets)).setContributions(new ArrayList<>()).setLastEventAt(CLICKED.toEpochMilli()).build();
    }

    private static TraceView trace(String otlpTraceId, String... aliases) {
        return trace(SERVED, otlpTraceId, aliases);
    }

    private static TraceView trace(Instant startedAt, String otlpTraceId, String... aliases) {
        TraceDigest summary = TraceDigest.newBuilder().setRootSpanName("chat.turn").setSpanCount(2)
                .setStartedAt(startedAt == null ? null : startedAt.toEpochMilli()).setDurationMs(900L).build();
        return TraceView.newBuilder().setTraceId(otlpTraceId).setAliases(List.of(aliases)).setTurn(TURN)
                .setSummary(summary)
                .setEvidenceTags(List.of(new EvidenceTag("doc_version", "v17", "retrieve.policy_docs", "0000000000000002")))
                .setBusinessKeys(Map.of()).build();
    }

    private static FeedbackEvent feedback(String id, String traceId, Instant at) {
        return FeedbackEvent.newBuilder().setFeedbackId(id).setOccurredAt(at).setWorkspaceId(TURN.getWorkspaceId())
                .setSessionId(TURN.getSessionId()).setTurnId(TURN.getTurnId()).setTraceId(traceId).setLabel("thumbs_down")
                .build();
    }

    private static AttachedTicket ticket(String id, String traceId, LinkMethod method) {
        SupportTicket ticket = SupportTicket.newBuilder().setTicketId(id).setOpenedAt(CLICKED.plusSeconds(3 * 86400))
                .setUpdatedAt(CLICKED.plusSeconds(3 * 86400)).setStatus("open").setWorkspaceId(TURN.getWorkspaceId())
                .setTraceId(traceId).setCategory("wrong_answer").setSubject("Refund answer was wrong").build();
        return new AttachedTicket(ticket, method);
    }
}
