package dev.casefile.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.contract.ComplaintIds;
import dev.casefile.demo.OtlpTraceBuilder;
import dev.casefile.demo.WorkedExample;
import dev.casefile.schema.ComplaintStatus;
import dev.casefile.schema.EvidenceTag;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.LinkMethod;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.TurnKey;
import dev.casefile.topology.ingest.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CasefileTopologyTest {

    private final TopologyHarness casefile = new TopologyHarness();

    @AfterEach
    void close() {
        casefile.close();
    }

    @Test
    void workedExampleLinksTheComplaintToItsExactTraceWithItsEvidence() {
        casefile.spans(WorkedExample.spans(), WorkedExample.SERVED_AT);
        casefile.feedback(WorkedExample.feedback());

        List<LinkedComplaint> out = casefile.complaints();
        assertEquals(1, out.size(), "the trace came first, so the feedback links at once");
        LinkedComplaint complaint = out.get(0);
        assertEquals(ComplaintIds.of(new TurnKey("acme_eu", "sess_918", "07")), complaint.getComplaintId());
        assertEquals(ComplaintStatus.LINKED, complaint.getStatus());
        assertEquals(LinkMethod.CAPTURED_TRACE_ID, complaint.getLinkMethod());
        assertEquals("tr_9021", complaint.getTraceId());
        assertEquals(WorkedExample.OTLP_TRACE_ID, complaint.getOtlpTraceId());
        assertEquals("acme_eu", complaint.getWorkspaceId());
        assertEquals("sess_918", complaint.getSessionId());
        assertEquals("07", complaint.getTurnId());
        assertEquals(List.of("wrong_policy_answer"), complaint.getLabels());
        assertEquals(List.of(WorkedExample.FEEDBACK_ID), complaint.getFeedbackIds());
        assertEquals(WorkedExample.COMPLAINT_TEXT, complaint.getComplaintText());
        assertEquals(WorkedExample.SERVED_AT, complaint.getInteractionAt());
        assertEquals(WorkedExample.FEEDBACK_AT, complaint.getFirstReportedAt());
        assertEquals(1, complaint.getRevision());
        assertEquals("chat.turn", complaint.getTraceSummary().getRootSpanName());
        assertEquals(5, complaint.getTraceSummary().getSpanCount());
        assertEquals(0, complaint.getTraceSummary().getErrorSpanCount());
        assertEquals(2300L, complaint.getTraceSummary().getDurationMs());

        Map<String, EvidenceTag> tags = complaint.getEvidenceTags().stream()
                .collect(Collectors.toMap(EvidenceTag::getKey, t -> t));
        assertEquals("v17", tags.get("doc_version").getValue());
        assertEquals("retrieve.policy_docs", tags.get("doc_version").getSpanName());
        assertEquals("refund-v3", tags.get("prompt_version").getValue());
        assertEquals("llm.answer", tags.get("prompt_version").getSpanName());
        assertEquals("claude-2025-04-01", tags.get("gen_ai.request.model").getValue());
        assertEquals("control", tags.get("experiment_bucket").getValue());
        assertEquals("msg_01HQ9021refund", complaint.getBusinessKeys().get("gen_ai.response.id"));
        assertEquals("ord_5521", complaint.getBusinessKeys().get("order_id"));
    }

    @Test
    void feedbackBeforeItsTraceIsEmittedAwaitingTraceThenUpgraded() {
        casefile.feedback(WorkedExample.feedback());
        List<LinkedComplaint> first = casefile.complaints();
        assertEquals(1, first.size());
        assertEquals(ComplaintStatus.AWAITING_TRACE, first.get(0).getStatus());
        assertEquals("tr_9021", first.get(0).getTraceId());
        assertNull(first.get(0).getTraceSummary());
        assertEquals("refund-v3", tag(first.get(0), "prompt_version"), "UI tags stand in until the trace arrives");

        casefile.spans(WorkedExample.spans(), WorkedExample.SERVED_AT);
        List<LinkedComplaint> second = casefile.complaints();
        assertEquals(1, second.size());
        assertEquals(ComplaintStatus.LINKED, second.get(0).getStatus());
        assertEquals(2, second.get(0).getRevision());
        assertEquals("v17", tag(second.get(0), "doc_version"));
        assertEquals(first.get(0).getComplaintId(), second.get(0).getComplaintId());
    }

    @Test
    void spansInSeparateRecordsAndAnyOrderAssembleTheSameTrace() {
        casefile.feedback(WorkedExample.feedback());
        casefile.complaints();
        // Children first, root (which alone names the turn) last, each in its own record.
        byte[][] records = splitWorkedExampleSpans();
        for (int i = records.length - 1; i >= 0; i--) {
            casefile.spans(records[i], WorkedExample.SERVED_AT);
        }
        List<LinkedComplaint> out = casefile.complaints();
        LinkedComplaint last = out.get(out.size() - 1);
        assertEquals(ComplaintStatus.LINKED, last.getStatus());
        assertEquals(5, last.getTraceSummary().getSpanCount());
        assertEquals("v17", tag(last, "doc_version"));
        assertEquals("refund-v3", tag(last, "prompt_version"));
    }

    @Test
    void feedbackWithoutTraceIdJoinsThroughSessionAndTurn() {
        casefile.spans(WorkedExample.spans(), WorkedExample.SERVED_AT);
        casefile.feedback(FeedbackEvent.newBuilder(WorkedExample.feedback()).setTraceId(null).build());

        LinkedComplaint complaint = casefile.complaints().get(0);
        assertEquals(ComplaintStatus.LINKED, complaint.getStatus());
        assertEquals(LinkMethod.SESSION_TURN_JOIN, complaint.getLinkMethod());
        assertEquals(WorkedExample.OTLP_TRACE_ID, complaint.getTraceId());
    }

    @Test
    void feedbackNamingOnlyTheTraceReachesItsTurnThroughTheTrace() {
        FeedbackEvent traceOnly = FeedbackEvent.newBuilder(WorkedExample.feedback())
                .setSessionId(null).setTurnId(null).setTraceId(WorkedExample.OTLP_TRACE_ID).build();
        casefile.feedback(traceOnly);
        List<LinkedComplaint> waiting = casefile.complaints();
        assertEquals(1, waiting.size(), "feedback that cannot link yet is visible");
        assertEquals(ComplaintStatus.AWAITING_TRACE, waiting.get(0).getStatus());
        assertEquals(ComplaintIds.ofFeedback("acme_eu", WorkedExample.FEEDBACK_ID), waiting.get(0).getComplaintId());

        casefile.spans(WorkedExample.spans(), WorkedExample.SERVED_AT);
        assertEquals(Set.of(ComplaintIds.of(new TurnKey("acme_eu", "sess_918", "07"))), casefile.view().keySet(),
                "its own complaint is tombstoned once it reaches its turn");
        LinkedComplaint complaint = casefile.view().values().iterator().next();
        assertEquals(ComplaintStatus.LINKED, complaint.getStatus());
        assertEquals("sess_918", complaint.getSessionId());
        assertEquals("07", complaint.getTurnId());
        assertEquals(WorkedExample.OTLP_TRACE_ID, complaint.getTraceId());
    }

    @Test
    void replayedFeedbackAndSpansChangeNothing() {
        casefile.spans(WorkedExample.spans(), WorkedExample.SERVED_AT);
        casefile.feedback(WorkedExample.feedback());
        assertEquals(1, casefile.complaints().size());

        casefile.spans(WorkedExample.spans(), WorkedExample.SERVED_AT);
        casefile.feedback(WorkedExample.feedback());
        casefile.spans(splitWorkedExampleSpans()[2], WorkedExample.SERVED_AT);

        assertEquals(List.of(), casefile.complaints());
    }

    @Test
    void capturedTraceThatDiffersFromTheTurnsTraceIsKeptAndTheConflictFlagged() {
        casefile.spans(WorkedExample.spans(), WorkedExample.SERVED_AT);
        casefile.feedback(FeedbackEvent.newBuilder(WorkedExample.feedback()).setTraceId("tr_other").build());

        LinkedComplaint complaint = casefile.complaints().get(0);
        assertEquals("tr_other", complaint.getTraceId());
        assertEquals(WorkedExample.OTLP_TRACE_ID, complaint.getTraceConflict());
        assertEquals(ComplaintStatus.AWAITING_TRACE, complaint.getStatus());
    }

    @Test
    void corruptSpanRecordGoesToDeadLettersWithItsReasonAndThePipelineContinues() {
        byte[] garbage = "definitely not protobuf".getBytes(StandardCharsets.UTF_8);
        casefile.spans(garbage, WorkedExample.SERVED_AT);
        casefile.spans(WorkedExample.spans(), WorkedExample.SERVED_AT);
        casefile.feedback(WorkedExample.feedback());

        List<TestRecord<byte[], byte[]>> dead = casefile.deadLetters();
        assertEquals(1, dead.size());
        assertArrayEquals(garbage, dead.get(0).value(), "the dead letter is the record, unchanged");
        assertTrue(header(dead.get(0), DeadLetters.REASON).startsWith("not OTLP protobuf"), header(dead.get(0), DeadLetters.REASON));
        assertEquals("otlp_spans", header(dead.get(0), DeadLetters.SOURCE_TOPIC));
        assertEquals("0", header(dead.get(0), DeadLetters.SOURCE_OFFSET));
        assertEquals(ComplaintStatus.LINKED, casefile.complaints().get(0).getStatus());
    }

    @Test
    void unreadableOrIncompleteFeedbackGoesToDeadLetters() {
        casefile.rawFeedback("k1".getBytes(StandardCharsets.UTF_8), "{\"json\":true}".getBytes(StandardCharsets.UTF_8),
                WorkedExample.FEEDBACK_AT);
        casefile.feedback(FeedbackEvent.newBuilder(WorkedExample.feedback()).setFeedbackId("fb_no_ws").setWorkspaceId("").build());
        casefile.feedback(FeedbackEvent.newBuilder(WorkedExample.feedback()).setFeedbackId("fb_nothing")
                .setSessionId(null).setTurnId(null).setTraceId(null).build());
        casefile.feedback(WorkedExample.feedback());

        List<String> reasons = casefile.deadLetterReasons();
        assertEquals(3, reasons.size(), reasons.toString());
        assertTrue(reasons.get(0).startsWith("JSON FeedbackEvent: unknown field json"), reasons.get(0));
        assertEquals("feedback fb_no_ws has no workspace_id", reasons.get(1));
        assertEquals("feedback fb_nothing has neither session_id and turn_id nor trace_id", reasons.get(2));
        assertEquals(1, casefile.complaints().size(), "valid feedback after the bad ones still links");
    }

    @Test
    void errorSpansAreCountedAndNamed() {
        String trace = "0af7651916cd43dd8448eb211c809999";
        byte[] otlp = new OtlpTraceBuilder()
                .span(trace, "b7ad6b7169203331", null, "chat.turn", WorkedExample.SERVED_AT,
                        WorkedExample.SERVED_AT.plusSeconds(1), false,
                        Map.of("workspace.id", "w", "session.id", "s", "turn.id", "1"))
                .span(trace, "b7ad6b7169203332", "b7ad6b7169203331", "tool.crm_lookup", WorkedExample.SERVED_AT,
                        WorkedExample.SERVED_AT.plusMillis(900), true, Map.of())
                .toBytes();
        casefile.spans(otlp, WorkedExample.SERVED_AT);
        casefile.feedback(FeedbackEvent.newBuilder().setFeedbackId("f").setOccurredAt(Instant.parse("2026-05-21T10:00:00Z"))
                .setWorkspaceId("w").setSessionId("s").setTurnId("1").setLabel("timeout").build());

        LinkedComplaint complaint = casefile.complaints().get(0);
        assertEquals(1, complaint.getTraceSummary().getErrorSpanCount());
        assertEquals(List.of("tool.crm_lookup"), complaint.getTraceSummary().getErrorSpans());
    }

    @Test
    void theSessionFallsBackToTheGenAiConversationId() {
        String trace = "0af7651916cd43dd8448eb211c80aaaa";
        casefile.spans(new OtlpTraceBuilder().span(trace, "b7ad6b7169203331", null, "chat.turn", WorkedExample.SERVED_AT,
                WorkedExample.SERVED_AT.plusSeconds(1), false,
                Map.of("workspace.id", "w", "gen_ai.conversation.id", "conv_1", "turn.id", "3")).toBytes(), WorkedExample.SERVED_AT);
        casefile.feedback(FeedbackEvent.newBuilder().setFeedbackId("f").setOccurredAt(WorkedExample.FEEDBACK_AT)
                .setWorkspaceId("w").setSessionId("conv_1").setTurnId("3").setLabel("thumbs_down").build());

        LinkedComplaint complaint = casefile.complaints().get(0);
        assertEquals(ComplaintStatus.LINKED, complaint.getStatus());
        assertEquals(trace, complaint.getTraceId());
    }

    @Test
    void spansBeyondThePerTraceCapAreCountedOnceEvenWhenReplayed() {
        try (TopologyHarness capped = new TopologyHarness(Map.of(dev.casefile.config.CasefileConfig.TRACE_MAX_SPANS, "3"))) {
            capped.spans(WorkedExample.spans(), WorkedExample.SERVED_AT);
            capped.feedback(WorkedExample.feedback());
            LinkedComplaint complaint = capped.complaints().get(0);
            assertEquals(3, complaint.getTraceSummary().getSpanCount());
            assertEquals(2, complaint.getTraceSummary().getDroppedSpanCount());

            capped.spans(WorkedExample.spans(), WorkedExample.SERVED_AT);
            assertEquals(List.of(), capped.complaints(), "a replay of the dropped spans changes nothing");
        }
    }

    @Test
    void theCapNeverHidesTheTurnOrATagEvenWhenTheRootSpanArrivesLast() {
        try (TopologyHarness capped = new TopologyHarness(Map.of(dev.casefile.config.CasefileConfig.TRACE_MAX_SPANS, "2"))) {
            byte[][] records = splitWorkedExampleSpans();
            for (int i = records.length - 1; i >= 0; i--) {
                capped.spans(records[i], WorkedExample.SERVED_AT);
            }
            capped.feedback(WorkedExample.feedback());

            LinkedComplaint complaint = capped.complaints().get(0);
            assertEquals(ComplaintStatus.LINKED, complaint.getStatus());
            assertEquals(2, complaint.getTraceSummary().getSpanCount());
            assertEquals(3, complaint.getTraceSummary().getDroppedSpanCount());
            assertEquals("v17", tag(complaint, "doc_version"));
            assertEquals("refund-v3", tag(complaint, "prompt_version"));
        }
    }

    /** The worked example's spans, one OTLP record each. */
    private static byte[][] splitWorkedExampleSpans() {
        var all = io.opentelemetry.proto.trace.v1.TracesData.newBuilder();
        try {
            all.mergeFrom(WorkedExample.spans());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
        var resourceSpans = all.getResourceSpans(0);
        var spans = resourceSpans.getScopeSpans(0).getSpansList();
        byte[][] records = new byte[spans.size()][];
        for (int i = 0; i < spans.size(); i++) {
            records[i] = io.opentelemetry.proto.trace.v1.TracesData.newBuilder()
                    .addResourceSpans(resourceSpans.toBuilder().clearScopeSpans()
                            .addScopeSpans(io.opentelemetry.proto.trace.v1.ScopeSpans.newBuilder().addSpans(spans.get(i))))
                    .build().toByteArray();
        }
        return records;
    }

    private static String tag(LinkedComplaint complaint, String key) {
        return complaint.getEvidenceTags().stream().filter(t -> t.getKey().equals(key)).map(EvidenceTag::getValue)
                .findFirst().orElse(null);
    }

    private static String header(TestRecord<byte[], byte[]> record, String key) {
        return DeadLetters.header(record.headers(), key);
    }
}
