package dev.casefile.topology.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.casefile.schema.ComplaintStatus;
import dev.casefile.schema.LinkMethod;
import dev.casefile.schema.SupportTicket;
import dev.casefile.schema.TurnKey;
import dev.casefile.schema.internal.IndexEntry;
import dev.casefile.schema.internal.IndexHit;
import dev.casefile.schema.internal.IndexKind;
import dev.casefile.schema.internal.TicketResolution;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Where a ticket belongs, case by case: the ticket's keys and what the index holds for them → the resolution. */
class ResolutionTest {

    private static final Instant OPENED = Instant.parse("2026-05-24T10:00:00Z");
    private static final TurnKey T07 = new TurnKey("acme_eu", "sess_918", "07");
    private static final TurnKey T08 = new TurnKey("acme_eu", "sess_918", "08");
    private static final TurnKey T09 = new TurnKey("acme_eu", "sess_777", "09");

    /** One row: a name, the ticket (the base one changed), the index, the expected resolution. */
    static Stream<Arguments> cases() {
        Map<IndexEntry, List<IndexHit>> worked = Map.of(
                trace("tr_9021"), List.of(hit(T07, "aaaa")),
                trace("aaaa"), List.of(hit(T07, "aaaa")),
                feedback("fb_7"), List.of(hit(T07, "aaaa")),
                business("ord_1"), List.of(hit(T07, "aaaa")),
                business("ord_shared"), List.of(hit(T07, "aaaa"), hit(T08, "bbbb")),
                business("h1:pat"), List.of(hit(T08, "bbbb"), hit(T09, "cccc")),
                business("msg_9"), List.of(hit(T09, null)));
        return Stream.of(
                row("nothing to go on: unresolved", t -> t, Map.of(),
                        new TicketResolution(ComplaintStatus.UNRESOLVED, LinkMethod.NONE, null, List.of())),
                row("a trace id the index knows links by trace id", t -> t.setTraceId("tr_9021"), worked,
                        linked(T07, LinkMethod.TICKET_TRACE_ID)),
                row("a trace id not seen yet awaits its trace", t -> t.setTraceId("tr_unseen"), worked,
                        new TicketResolution(ComplaintStatus.AWAITING_TRACE, LinkMethod.TICKET_TRACE_ID, null, List.of())),
                row("an unseen trace id gives way to a feedback id the index knows", t -> t.setTraceId("tr_unseen")
                        .setFeedbackId("fb_7"), worked, linked(T07, LinkMethod.TICKET_FEEDBACK_ID)),
                row("the trace id wins over the feedback id", t -> t.setTraceId("aaaa").setFeedbackId("fb_other"), worked,
                        linked(T07, LinkMethod.TICKET_TRACE_ID)),
                row("session and turn link even when the index knows nothing", t -> t.setSessionId("sess_918")
                        .setTurnId("08"), Map.of(), linked(T08, LinkMethod.TICKET_SESSION_TURN)),
                row("session and turn win over business keys", t -> t.setSessionId("sess_918").setTurnId("08")
                        .setBusinessKeys(Map.of("order_id", "ord_1")), worked, linked(T08, LinkMethod.TICKET_SESSION_TURN)),
                row("one business key, one turn", t -> t.setBusinessKeys(Map.of("order_id", "ord_1")), worked,
                        linked(T07, LinkMethod.BUSINESS_KEY)),
                row("a conversation URL is a business key too", t -> t.setConversationUrl("ord_1"), worked,
                        linked(T07, LinkMethod.BUSINESS_KEY)),
                row("one business key, two turns: ambiguous, with both traces", t -> t.setBusinessKeys(
                        Map.of("order_id", "ord_shared")), worked, ambiguous(LinkMethod.BUSINESS_KEY, "aaaa", "bbbb")),
                row("two keys agree on one turn of the candidates", t -> t.setBusinessKeys(
                        Map.of("order_id", "ord_shared", "email_hash", "h1:pat")), worked, linked(T08, LinkMethod.BUSINESS_KEY)),
                // T09's hit knows no trace yet: only T07's trace is a candidate trace.
                row("keys that agree on nothing: every candidate", t -> t.setBusinessKeys(
                        Map.of("order_id", "ord_1", "response_id", "msg_9")), worked, ambiguous(LinkMethod.BUSINESS_KEY, "aaaa")),
                row("a key the index does not know is ignored", t -> t.setBusinessKeys(
                        Map.of("order_id", "ord_1", "other", "unknown")), worked, linked(T07, LinkMethod.BUSINESS_KEY)),
                row("a blank trace id is no trace id", t -> t.setTraceId("  ").setBusinessKeys(Map.of("order_id", "ord_1")),
                        worked, linked(T07, LinkMethod.BUSINESS_KEY)),
                row("a trace id the index has under two turns is ambiguous", t -> t.setTraceId("dup"), Map.of(
                        trace("dup"), List.of(hit(T07, "aaaa"), hit(T09, "cccc"))), ambiguous(LinkMethod.TICKET_TRACE_ID, "aaaa", "cccc")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resolves(String name, SupportTicket ticket, Map<IndexEntry, List<IndexHit>> index, TicketResolution expected) {
        assertEquals(expected, Resolution.resolve(ticket, entry -> index.getOrDefault(entry, List.of())));
    }

    private static Arguments row(String name, UnaryOperator<SupportTicket.Builder> ticket,
                                 Map<IndexEntry, List<IndexHit>> index, TicketResolution expected) {
        SupportTicket.Builder base = SupportTicket.newBuilder().setTicketId("cs_441").setOpenedAt(OPENED)
                .setUpdatedAt(OPENED).setStatus("open").setWorkspaceId("acme_eu");
        return Arguments.of(name, ticket.apply(base).build(), index, expected);
    }

    private static TicketResolution linked(TurnKey turn, LinkMethod method) {
        return new TicketResolution(ComplaintStatus.LINKED, method, turn, List.of());
    }

    private static TicketResolution ambiguous(LinkMethod method, String... traceIds) {
        return new TicketResolution(ComplaintStatus.AMBIGUOUS, method, null, List.of(traceIds));
    }

    private static IndexEntry trace(String id) {
        return new IndexEntry(IndexKind.TRACE, id);
    }

    private static IndexEntry feedback(String id) {
        return new IndexEntry(IndexKind.FEEDBACK, id);
    }

    private static IndexEntry business(String value) {
        return new IndexEntry(IndexKind.BUSINESS, value);
    }

    private static IndexHit hit(TurnKey turn, String traceId) {
        return new IndexHit(turn, traceId, null);
    }
}
