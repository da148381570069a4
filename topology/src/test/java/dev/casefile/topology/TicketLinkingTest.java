package dev.casefile.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.contract.ComplaintIds;
import dev.casefile.demo.WorkedExample;
import dev.casefile.schema.ComplaintStatus;
import dev.casefile.schema.LinkMethod;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.TurnKey;
import dev.casefile.schema.internal.IndexHit;
import dev.casefile.topology.resolve.ResolveStage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How support tickets find the complaint of their turn, in order of strength, and what happens when they cannot. */
class TicketLinkingTest {

    private static final Instant T0 = WorkedExample.SERVED_AT;
    private static final String WORKED_EXAMPLE = ComplaintIds.of(
            new TurnKey(WorkedExample.WORKSPACE, WorkedExample.SESSION, WorkedExample.TURN));
    private static final String TRACE_B = "0af7651916cd43dd8448eb211c80b001";
    private static final String TRACE_C = "0af7651916cd43dd8448eb211c80c001";

    private final TopologyHarness casefile = new TopologyHarness();

    @AfterEach
    void close() {
        casefile.close();
    }

    @Test
    void aTicketThreeDaysLateNamingTheTraceJoinsTheWorkedExampleComplaint() {
        workedExample();
        Instant threeDaysLater = WorkedExample.FEEDBACK_AT.plus(Duration.ofDays(3));
        casefile.ticket(Evidence.ticket(WorkedExample.TICKET, threeDaysLater).setTraceId(WorkedExample.TRACE_ALIAS).build());

        List<LinkedComplaint> out = casefile.complaints();
        assertEquals(1, out.size());
        LinkedComplaint complaint = out.get(0);
        assertEquals(WORKED_EXAMPLE, complaint.getComplaintId());
        assertEquals(List.of(WorkedExample.TICKET), complaint.getTicketIds());
        assertEquals(Map.of(WorkedExample.TICKET, "open"), complaint.getTicketStatus());
        assertEquals(ComplaintStatus.LINKED, complaint.getStatus());
        assertEquals(LinkMethod.CAPTURED_TRACE_ID, complaint.getLinkMethod(), "the feedback's captured id stays the strongest");
        assertEquals(2, complaint.getRevision());
        assertEquals(WorkedExample.FEEDBACK_AT, complaint.getFirstReportedAt());
        assertTrue(complaint.getLabels().containsAll(List.of("wrong_answer", "wrong_policy_answer")));
    }

    @Test
    void aTicketNamingTheFeedbackIdJoinsItsComplaint() {
        workedExample();
        casefile.ticket(Evidence.ticket("cs_500", T0.plusSeconds(60)).setFeedbackId(WorkedExample.FEEDBACK_ID).build());

        assertEquals(List.of("cs_500"), casefile.complaints().get(0).getTicketIds());
    }

    @Test
    void aTicketNamingSessionAndTurnMakesAComplaintOnItsOwnAndLinksItToTheTurnsTrace() {
        casefile.spans(WorkedExample.spans(), T0);
        casefile.ticket(Evidence.ticket("cs_501", T0.plusSeconds(90))
                .setSessionId(WorkedExample.SESSION).setTurnId(WorkedExample.TURN).build());

        LinkedComplaint complaint = casefile.complaints().get(0);
        assertEquals(WORKED_EXAMPLE, complaint.getComplaintId());
        assertEquals(ComplaintStatus.LINKED, complaint.getStatus());
        assertEquals(LinkMethod.TICKET_SESSION_TURN, complaint.getLinkMethod());
        assertEquals(WorkedExample.OTLP_TRACE_ID, complaint.getTraceId());
        assertEquals(List.of(), complaint.getFeedbackIds());
        assertEquals("The assistant was wrong", complaint.getComplaintText());
    }

    @Test
    void aTicketWithOnlyAnOrderIdResolvesThroughTheSpansBusinessKeys() {
        casefile.spans(WorkedExample.spans(), T0);
        casefile.ticket(Evidence.ticket("cs_502", T0.plus(Duration.ofDays(1)))
                .setBusinessKeys(Map.of("order_id", "ord_5521")).build());

        LinkedComplaint complaint = casefile.complaints().get(0);
        assertEquals(WORKED_EXAMPLE, complaint.getComplaintId());
        assertEquals(LinkMethod.BUSINESS_KEY, complaint.getLinkMethod());
        assertEquals(ComplaintStatus.LINKED, complaint.getStatus());
    }

    @Test
    void aPastedResponseIdLinksToTheExactTrace() {
        casefile.spans(WorkedExample.spans(), T0);
        casefile.ticket(Evidence.ticket("cs_503", T0.plusSeconds(300))
                .setBusinessKeys(Map.of("request_reference", "msg_01HQ9021refund")).build());

        LinkedComplaint complaint = casefile.complaints().get(0);
        assertEquals(WorkedExample.OTLP_TRACE_ID, complaint.getTraceId());
        assertEquals(LinkMethod.BUSINESS_KEY, complaint.getLinkMethod());
    }

    @Test
    void anOrderIdSharedByTwoTurnsIsAmbiguousUntilTheTicketNamesMore() {
        casefile.spans(Evidence.trace(TRACE_B, "sess_b", "01", T0, Map.of("order_id", "ord_9", "gen_ai.response.id", "resp_b")), T0);
        casefile.spans(Evidence.trace(TRACE_C, "sess_c", "01", T0, Map.of("order_id", "ord_9", "gen_ai.response.id", "resp_c")), T0);
        casefile.ticket(Evidence.ticket("cs_600", T0.plusSeconds(60)).setBusinessKeys(Map.of("order_id", "ord_9")).build());

        LinkedComplaint ambiguous = casefile.complaints().get(0);
        assertEquals(ComplaintIds.ofTicket("acme_eu", "cs_600"), ambiguous.getComplaintId());
        assertEquals(ComplaintStatus.AMBIGUOUS, ambiguous.getStatus());
        assertEquals(List.of(TRACE_B, TRACE_C), ambiguous.getCandidateTraceIds());
        assertNull(ambiguous.getTurnId());

        casefile.ticket(Evidence.ticket("cs_600", T0.plusSeconds(60)).setUpdatedAt(T0.plusSeconds(120))
                .setBusinessKeys(Map.of("order_id", "ord_9", "response_id", "resp_c")).build());

        List<KeyValue<String, LinkedComplaint>> records = casefile.records();
        assertEquals(2, records.size(), records.toString());
        Map<String, LinkedComplaint> view = casefile.view();
        assertFalse(view.containsKey(ambiguous.getComplaintId()), "the ambiguous complaint is tombstoned");
        LinkedComplaint resolved = view.get(ComplaintIds.of(new TurnKey("acme_eu", "sess_c", "01")));
        assertEquals(ComplaintStatus.LINKED, resolved.getStatus());
        assertEquals(TRACE_C, resolved.getTraceId());
        assertEquals(LinkMethod.BUSINESS_KEY, resolved.getLinkMethod());
    }

    @Test
    void aTicketThatMatchesNothingIsUnresolvedAndResolvesItselfWhenTheEvidenceArrives() {
        casefile.ticket(Evidence.ticket("cs_700", T0).setRequesterEmail("Pat@Acme.example ").build());
        LinkedComplaint unresolved = casefile.complaints().get(0);
        assertEquals(ComplaintStatus.UNRESOLVED, unresolved.getStatus());
        assertTrue(unresolved.getBusinessKeys().get("email_hash").startsWith("h1:"), "only the keyed hash is kept");

        casefile.spans(WorkedExample.spans(), T0);
        assertEquals(List.of(), casefile.records(), "an unrelated trace changes nothing for the ticket");

        casefile.feedback(dev.casefile.schema.FeedbackEvent.newBuilder(WorkedExample.feedback())
                .setBusinessKeys(Map.of("email", "pat@acme.example")).build());
        Map<String, LinkedComplaint> view = casefile.view();
        assertFalse(view.containsKey(unresolved.getComplaintId()));
        LinkedComplaint linked = view.get(WORKED_EXAMPLE);
        assertEquals(List.of("cs_700"), linked.getTicketIds());
        assertEquals(ComplaintStatus.LINKED, linked.getStatus());
    }

    @Test
    void aTicketNamingATraceThatHasNotArrivedAwaitsIt() {
        casefile.ticket(Evidence.ticket("cs_701", T0).setTraceId(WorkedExample.OTLP_TRACE_ID).build());
        LinkedComplaint awaiting = casefile.complaints().get(0);
        assertEquals(ComplaintStatus.AWAITING_TRACE, awaiting.getStatus());
        assertEquals(WorkedExample.OTLP_TRACE_ID, awaiting.getTraceId());

        casefile.spans(WorkedExample.spans(), T0);
        Map<String, LinkedComplaint> view = casefile.view();
        assertEquals(1, view.size(), view.keySet().toString());
        assertEquals(LinkMethod.TICKET_TRACE_ID, view.get(WORKED_EXAMPLE).getLinkMethod());
        assertEquals(ComplaintStatus.LINKED, view.get(WORKED_EXAMPLE).getStatus());
    }

    @Test
    void emailsAppearInNoOutputRecord() {
        casefile.ticket(Evidence.ticket("cs_702", T0).setRequesterEmail("secret.person@acme.example").build());
        casefile.feedback(dev.casefile.schema.FeedbackEvent.newBuilder(WorkedExample.feedback())
                .setBusinessKeys(Map.of("email", "secret.person@acme.example")).build());
        casefile.spans(WorkedExample.spans(), T0);

        for (KeyValue<String, LinkedComplaint> record : casefile.records()) {
            if (record.value != null) {
                byte[] bytes = casefile.topics.linkedComplaints().valueSerde().serializer().serialize("t", record.value);
                assertFalse(new String(bytes, StandardCharsets.ISO_8859_1).contains("secret.person"), record.toString());
            }
        }
    }

    @Test
    void aTicketsLaterVersionUpdatesTheComplaintAndAnOlderOneArrivingLateIsIgnored() {
        workedExample();
        casefile.ticket(Evidence.ticket("cs_441", T0).setTraceId(WorkedExample.TRACE_ALIAS).build());
        casefile.ticket(Evidence.ticket("cs_441", T0).setTraceId(WorkedExample.TRACE_ALIAS)
                .setStatus("solved").setUpdatedAt(T0.plus(Duration.ofDays(2))).build());
        casefile.ticket(Evidence.ticket("cs_441", T0).setTraceId(WorkedExample.TRACE_ALIAS)
                .setStatus("pending").setUpdatedAt(T0.plus(Duration.ofDays(1))).build());

        List<LinkedComplaint> out = casefile.complaints();
        assertEquals(2, out.size(), "attached, then solved; the stale 'pending' version changes nothing");
        assertEquals(Map.of("cs_441", "solved"), out.get(1).getTicketStatus());
        assertEquals(3, out.get(1).getRevision());
    }

    @Test
    void deletingTheOnlyTicketTombstonesItsComplaint() {
        casefile.spans(WorkedExample.spans(), T0);
        casefile.ticket(Evidence.ticket("cs_800", T0).setSessionId(WorkedExample.SESSION).setTurnId(WorkedExample.TURN).build());
        assertEquals(1, casefile.view().size());

        casefile.deleteTicket("cs_800", T0.plusSeconds(10));

        List<KeyValue<String, LinkedComplaint>> records = casefile.records();
        assertEquals(List.of(KeyValue.pair(WORKED_EXAMPLE, (LinkedComplaint) null)), records);
    }

    @Test
    void deletingFeedbackLeavesTheComplaintWithTheTicketAndThenDeletingTheTicketLeavesNothing() {
        workedExample();
        casefile.ticket(Evidence.ticket("cs_441", T0).setTraceId(WorkedExample.TRACE_ALIAS).build());
        casefile.records();

        casefile.deleteFeedback(WorkedExample.FEEDBACK_ID, T0.plusSeconds(30));
        LinkedComplaint ticketOnly = casefile.complaints().get(0);
        assertEquals(List.of(), ticketOnly.getFeedbackIds());
        assertEquals(List.of("cs_441"), ticketOnly.getTicketIds());
        assertEquals(LinkMethod.TICKET_TRACE_ID, ticketOnly.getLinkMethod());

        casefile.deleteTicket("cs_441", T0.plusSeconds(40));
        assertEquals(Map.of(), casefile.view());
    }

    @Test
    void replayedTicketsChangeNothing() {
        workedExample();
        casefile.ticket(Evidence.ticket("cs_441", T0).setTraceId(WorkedExample.TRACE_ALIAS).build());
        casefile.records();

        casefile.ticket(Evidence.ticket("cs_441", T0).setTraceId(WorkedExample.TRACE_ALIAS).build());
        casefile.feedback(WorkedExample.feedback());
        casefile.spans(WorkedExample.spans(), T0);

        assertEquals(List.of(), casefile.records());
    }

    @Test
    void anUnreadableOrIncompleteTicketGoesToDeadLettersAndATombstoneWithoutKeyToo() {
        casefile.rawTicket("k".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3}, T0);
        casefile.ticket(Evidence.ticket("cs_900", T0).setWorkspaceId(" ").build());
        casefile.rawTicket(null, null, T0);

        List<String> reasons = casefile.deadLetterReasons();
        assertEquals(3, reasons.size(), reasons.toString());
        assertEquals("a SupportTicket must be single-object Avro (marker C3 01) or a JSON object ({); the record (3 bytes)"
                + " starts with 0x01 0x02", reasons.get(0));
        assertEquals("ticket cs_900 has no workspace_id", reasons.get(1));
        assertEquals("tombstone without a key: nothing to delete", reasons.get(2));
    }

    @Test
    void eachSourceHoldsItsIdentifiersInTheKeyIndexOnceAndItsNextVersionReplacesThemExactly() {
        String home01 = "acme_eu\u001fFEEDBACK\u001ffb_9\u001ffeedback:fb_9@sess_k/01";
        String order01 = "acme_eu\u001fBUSINESS\u001ford_k1\u001ffeedback:fb_9@sess_k/01";
        casefile.feedback(Evidence.feedback("fb_9", "sess_k", "01", T0).setBusinessKeys(Map.of("order_id", "ord_k1")).build());
        // The home entry (the feedback id) records the source; its other identifiers only point at the turn.
        assertEquals(Map.of(home01, true, order01, false), keyIndex());

        // A newer version on another turn with another order id: the old turn's entries go, the new turn's come.
        casefile.feedback(Evidence.feedback("fb_9", "sess_k", "02", T0.plusSeconds(5))
                .setBusinessKeys(Map.of("order_id", "ord_k2")).build());
        assertEquals(Map.of(home01.replace("/01", "/02"), true,
                "acme_eu\u001fBUSINESS\u001ford_k2\u001ffeedback:fb_9@sess_k/02", false), keyIndex());
        casefile.ticket(Evidence.ticket("cs_k", T0.plusSeconds(60)).setBusinessKeys(Map.of("order_id", "ord_k1")).build());
        assertEquals(ComplaintStatus.UNRESOLVED, casefile.view().get(ComplaintIds.ofTicket("acme_eu", "cs_k")).getStatus(),
                "the old order id finds nothing");

        casefile.deleteFeedback("fb_9", T0.plusSeconds(120));
        assertEquals(Map.of(), keyIndex());
    }

    /** The key index: each key, and whether its value records a source (a home entry). */
    private Map<String, Boolean> keyIndex() {
        Map<String, Boolean> entries = new TreeMap<>();
        KeyValueStore<String, IndexHit> store = casefile.driver.getKeyValueStore(ResolveStage.KEY_INDEX);
        try (KeyValueIterator<String, IndexHit> all = store.all()) {
            all.forEachRemaining(kv -> entries.put(kv.key, kv.value.getSource() != null));
        }
        return entries;
    }

    private void workedExample() {
        casefile.spans(WorkedExample.spans(), T0);
        casefile.feedback(WorkedExample.feedback());
        assertEquals(1, casefile.complaints().size());
    }
}
