package dev.casefile.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.config.CasefileConfig;
import dev.casefile.contract.ComplaintIds;
import dev.casefile.demo.WorkedExample;
import dev.casefile.schema.ComplaintStatus;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.TurnKey;
import dev.casefile.topology.link.LinkStage;
import dev.casefile.topology.query.Stores;
import dev.casefile.topology.resolve.ResolveStage;
import dev.casefile.topology.store.StoreRetention;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/** Feedback that moves or goes, and state that ages out. */
class LifecycleTest {

    private static final Instant T0 = WorkedExample.SERVED_AT;
    /** Uncomplained state kept three days, enforced every hour of stream time. */
    private static final Map<String, String> THREE_DAY_RETENTION = Map.of(
            CasefileConfig.RETENTION_UNCOMPLAINED_MS, Long.toString(Duration.ofDays(3).toMillis()),
            CasefileConfig.RETENTION_SCAN_INTERVAL_MS, Long.toString(Duration.ofHours(1).toMillis()));
    private static final String WORKED_EXAMPLE = ComplaintIds.of(
            new TurnKey(WorkedExample.WORKSPACE, WorkedExample.SESSION, WorkedExample.TURN));

    @Test
    void deletingTheOnlyFeedbackTombstonesTheComplaint() {
        try (TopologyHarness casefile = new TopologyHarness()) {
            casefile.spans(WorkedExample.spans(), T0);
            casefile.feedback(WorkedExample.feedback());
            casefile.records();

            casefile.deleteFeedback(WorkedExample.FEEDBACK_ID, T0.plusSeconds(60));

            assertEquals(List.of(KeyValue.pair(WORKED_EXAMPLE, (LinkedComplaint) null)), casefile.records());
            casefile.deleteFeedback(WorkedExample.FEEDBACK_ID, T0.plusSeconds(61));
            casefile.deleteFeedback("fb_never_seen", T0.plusSeconds(62));
            assertEquals(List.of(), casefile.records(), "deleting what is gone or never was changes nothing");
        }
    }

    @Test
    void aReplayOfTheDeletedVersionAfterItsTombstoneDoesNotBringTheComplaintBack() {
        try (TopologyHarness casefile = new TopologyHarness()) {
            casefile.spans(WorkedExample.spans(), T0);
            casefile.feedback(WorkedExample.feedback());
            casefile.deleteFeedback(WorkedExample.FEEDBACK_ID, T0.plusSeconds(60));
            casefile.ticket(Evidence.ticket("cs_1", T0).setSessionId("s").setTurnId("1").build());
            casefile.deleteTicket("cs_1", T0.plusSeconds(61));
            casefile.records();

            casefile.feedback(WorkedExample.feedback());
            casefile.ticket(Evidence.ticket("cs_1", T0).setSessionId("s").setTurnId("1").build());
            assertEquals(List.of(), casefile.records());

            casefile.feedback(FeedbackEvent.newBuilder(WorkedExample.feedback())
                    .setOccurredAt(WorkedExample.FEEDBACK_AT.plusSeconds(120)).build());
            assertEquals(1, casefile.view().size(), "a newer version does bring it back");
        }
    }

    @Test
    void backfilledFeedbackStaysDeletableWhateverItsOwnTimestampSays() {
        Map<String, String> settings = Map.of(CasefileConfig.RETENTION_COMPLAINT_MS, Long.toString(Duration.ofDays(30).toMillis()),
                CasefileConfig.RETENTION_SCAN_INTERVAL_MS, Long.toString(Duration.ofMinutes(10).toMillis()));
        try (TopologyHarness casefile = new TopologyHarness(settings)) {
            Instant now = T0.plus(Duration.ofDays(60));
            casefile.spans(WorkedExample.spans(), T0);
            // Published now, about an answer of 60 days ago.
            casefile.rawFeedback(WorkedExample.FEEDBACK_ID.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    casefile.serdes.forType(FeedbackEvent.class, false).serializer().serialize("feedback", WorkedExample.feedback()),
                    now);
            casefile.feedback(Evidence.feedback("fb_other", "s", "1", now.plus(Duration.ofHours(2))).build());
            assertEquals(2, casefile.view().size());

            casefile.deleteFeedback(WorkedExample.FEEDBACK_ID, now.plus(Duration.ofHours(3)));

            assertEquals(1, casefile.view().size(), casefile.view().keySet().toString());
        }
    }

    @Test
    void aLinkedTicketsStatusChangeAfterTheIndexAgedOutStillUpdatesItsComplaint() {
        try (TopologyHarness casefile = new TopologyHarness(THREE_DAY_RETENTION)) {
            casefile.spans(WorkedExample.spans(), T0);
            casefile.feedback(WorkedExample.feedback());
            casefile.ticket(WorkedExample.ticket());
            Instant tenDaysLater = T0.plus(Duration.ofDays(10));
            casefile.spans(Evidence.trace("0af7651916cd43dd8448eb211c80f001", "sess_x", "01", tenDaysLater, Map.of()), tenDaysLater);
            casefile.records();

            casefile.ticket(dev.casefile.schema.SupportTicket.newBuilder(WorkedExample.ticket()).setStatus("solved")
                    .setUpdatedAt(tenDaysLater.plusSeconds(60)).build());

            Map<String, LinkedComplaint> view = casefile.view();
            assertEquals(1, view.size(), view.keySet().toString());
            assertEquals(Map.of(WorkedExample.TICKET, "solved"), view.get(WORKED_EXAMPLE).getTicketStatus());
        }
    }

    @Test
    void feedbackNeverJoinsATraceOfAnotherWorkspace() {
        try (TopologyHarness casefile = new TopologyHarness()) {
            casefile.spans(WorkedExample.spans(), T0);
            casefile.feedback(FeedbackEvent.newBuilder(WorkedExample.feedback()).setWorkspaceId("other_ws")
                    .setSessionId(null).setTurnId(null).setTraceId(WorkedExample.OTLP_TRACE_ID).build());

            // It stays its own complaint, awaiting a trace of its own workspace.
            Map<String, LinkedComplaint> view = casefile.view();
            assertEquals(Set.of(ComplaintIds.ofFeedback("other_ws", WorkedExample.FEEDBACK_ID)), view.keySet());
            assertEquals(ComplaintStatus.AWAITING_TRACE, view.values().iterator().next().getStatus());
        }
    }

    @Test
    void anUpperCaseOtlpTraceIdIsTheSameTrace() {
        try (TopologyHarness casefile = new TopologyHarness()) {
            casefile.spans(WorkedExample.spans(), T0);
            casefile.feedback(FeedbackEvent.newBuilder(WorkedExample.feedback()).setSessionId(null).setTurnId(null)
                    .setTraceId(WorkedExample.OTLP_TRACE_ID.toUpperCase(java.util.Locale.ROOT)).build());

            assertEquals(dev.casefile.schema.ComplaintStatus.LINKED, casefile.view().get(WORKED_EXAMPLE).getStatus());
        }
    }

    @Test
    void inputHeadersAreNotCarriedToTheOutput() {
        try (TopologyHarness casefile = new TopologyHarness()) {
            casefile.spans(WorkedExample.spans(), T0);
            org.apache.kafka.common.header.internals.RecordHeaders headers = new org.apache.kafka.common.header.internals.RecordHeaders();
            headers.add("x-upstream-secret", new byte[] {1});
            casefile.rawFeedbackWithHeaders(WorkedExample.FEEDBACK_ID.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    casefile.serdes.forType(FeedbackEvent.class, false).serializer().serialize("feedback", WorkedExample.feedback()),
                    headers, WorkedExample.FEEDBACK_AT);

            var record = casefile.complaintRecordsWithHeaders().get(0);
            assertEquals(0, record.headers().toArray().length);
        }
    }

    @Test
    void deletingFeedbackThatNamedOnlyATraceRemovesItFromItsTurn() {
        try (TopologyHarness casefile = new TopologyHarness()) {
            casefile.spans(WorkedExample.spans(), T0);
            casefile.feedback(FeedbackEvent.newBuilder(WorkedExample.feedback())
                    .setSessionId(null).setTurnId(null).setTraceId(WorkedExample.OTLP_TRACE_ID).build());
            assertEquals(1, casefile.view().size());

            casefile.deleteFeedback(WorkedExample.FEEDBACK_ID, T0.plusSeconds(60));

            assertEquals(Map.of(), casefile.view());
        }
    }

    @Test
    void aNewerFeedbackVersionNamingAnotherTurnMovesTheComplaint() {
        try (TopologyHarness casefile = new TopologyHarness()) {
            casefile.feedback(WorkedExample.feedback());
            casefile.feedback(FeedbackEvent.newBuilder(WorkedExample.feedback()).setTurnId("08")
                    .setOccurredAt(WorkedExample.FEEDBACK_AT.plusSeconds(5)).build());

            Map<String, LinkedComplaint> view = casefile.view();
            assertEquals(1, view.size(), view.keySet().toString());
            assertEquals("08", view.values().iterator().next().getTurnId());
        }
    }

    @Test
    void stateOfUncomplainedTurnsStaysBoundedAsEventTimeAdvancesWhileComplaintsAreKept() {
        try (TopologyHarness casefile = new TopologyHarness(THREE_DAY_RETENTION)) {
            casefile.spans(WorkedExample.spans(), T0);
            casefile.feedback(WorkedExample.feedback());

            // An endless stream of answered turns nobody complains about: one every 15 minutes for 12 days,
            // four times the 3-day retention.
            long perDay = 24 * 4;
            List<Long> traceStoreSizes = new ArrayList<>();
            Instant at = T0;
            for (int i = 0; i < 12 * perDay; i++) {
                at = at.plus(Duration.ofMinutes(15));
                String traceId = String.format("%032x", 0x1000L + i);
                casefile.spans(Evidence.trace(traceId, "sess_u" + i, "01", at, Map.of("order_id", "o" + i)), at);
                if (i % perDay == 0) {
                    traceStoreSizes.add(casefile.storeSize(Stores.TRACE_STORE));
                }
            }

            long bound = 3 * perDay + perDay / 24 + 2; // 3 days of turns, plus up to one scan interval
            assertTrue(casefile.storeSize(Stores.TRACE_STORE) <= bound, "trace store " + casefile.storeSize(Stores.TRACE_STORE));
            assertTrue(casefile.storeSize(LinkStage.TURN_STORE) <= bound + 1, "turn store " + casefile.storeSize(LinkStage.TURN_STORE));
            assertTrue(casefile.storeSize(ResolveStage.KEY_INDEX) <= 3 * (bound + 1), "key index " + casefile.storeSize(ResolveStage.KEY_INDEX));
            long last = traceStoreSizes.get(traceStoreSizes.size() - 1);
            assertEquals(last, traceStoreSizes.get(traceStoreSizes.size() - 5), perDay / 12.0,
                    "the store stops growing once retention kicks in: " + traceStoreSizes);

            // The complained-about turn outlived the uncomplained retention, so a late ticket still joins it.
            casefile.records();
            casefile.ticket(Evidence.ticket("cs_late", at).setSessionId(WorkedExample.SESSION)
                    .setTurnId(WorkedExample.TURN).build());
            LinkedComplaint complaint = casefile.view().get(WORKED_EXAMPLE);
            assertEquals(List.of("cs_late"), complaint.getTicketIds());
            assertEquals(List.of(WorkedExample.FEEDBACK_ID), complaint.getFeedbackIds());
        }
    }

    @Test
    void aLargeStoreIsPurgedASliceAtATimeSoTheStreamThreadIsNeverHeldForLong() {
        try (TopologyHarness casefile = new TopologyHarness(THREE_DAY_RETENTION)) {
            int traces = 2 * StoreRetention.SLICE + 500;
            for (int i = 0; i < traces; i++) {
                casefile.spans(Evidence.trace(String.format("%032x", 0x2000L + i), "sess_s" + i, "01", T0, Map.of()), T0);
            }
            assertEquals(traces, casefile.storeSize(Stores.TRACE_STORE));

            // Stream time jumps past the retention of every one of them: the first slice goes at once...
            Instant later = T0.plus(Duration.ofDays(4));
            casefile.spans(Evidence.trace(String.format("%032x", 0x9000L), "sess_new", "01", later, Map.of()), later);
            assertEquals(traces + 1 - StoreRetention.SLICE, casefile.storeSize(Stores.TRACE_STORE));

            // ...and the rest, a slice per wall-clock step, leaving only the new trace.
            casefile.advanceWallClock(StoreRetention.SLICE_EVERY);
            assertEquals(traces + 1 - 2 * StoreRetention.SLICE, casefile.storeSize(Stores.TRACE_STORE));
            casefile.advanceWallClock(StoreRetention.SLICE_EVERY);
            casefile.advanceWallClock(StoreRetention.SLICE_EVERY);
            assertEquals(1, casefile.storeSize(Stores.TRACE_STORE));
        }
    }

    @Test
    void passesThatCouldExpireNothingAreSkippedYetALateEntryStillExpiresOnTime() {
        try (TopologyHarness casefile = new TopologyHarness(THREE_DAY_RETENTION)) {
            casefile.spans(Evidence.trace(String.format("%032x", 0xA1L), "sess_a", "01", T0, Map.of()), T0);
            // Two hours on: the store started empty and nothing written can expire before T0 + 3 days, so no pass runs.
            Instant twoHours = T0.plus(Duration.ofHours(2));
            casefile.spans(Evidence.trace(String.format("%032x", 0xB1L), "sess_b", "01", twoHours, Map.of()), twoHours);
            // A late trace, served two days before T0: it expires at T0 + 1 day, before anything the pass kept.
            Instant twoDaysBefore = T0.minus(Duration.ofDays(2));
            casefile.spans(Evidence.trace(String.format("%032x", 0xC1L), "sess_c", "01", twoDaysBefore, Map.of()), twoDaysBefore);
            assertEquals(3, casefile.storeSize(Stores.TRACE_STORE));

            // Hourly passes up to T0 + 1 day could expire nothing and are skipped; the next one must still drop the late trace.
            for (int hour = 3; hour <= 26; hour++) {
                Instant at = T0.plus(Duration.ofHours(hour));
                casefile.spans(Evidence.trace(String.format("%032x", 0xD00L + hour), "sess_d" + hour, "01", at, Map.of()), at);
            }
            assertEquals(2 + 24, casefile.storeSize(Stores.TRACE_STORE), "only the late trace is gone");

            // And at T0 + 3 days and a bit, the first trace goes too.
            Instant later = T0.plus(Duration.ofDays(3)).plus(Duration.ofMinutes(90));
            casefile.spans(Evidence.trace(String.format("%032x", 0xE1L), "sess_e", "01", later, Map.of()), later);
            assertEquals(2 + 24 + 1 - 1, casefile.storeSize(Stores.TRACE_STORE), "the first trace is past its retention");
        }
    }
}
