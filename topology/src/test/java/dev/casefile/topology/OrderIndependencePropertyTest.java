package dev.casefile.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.casefile.contract.ComplaintIds;
import dev.casefile.contract.ComplaintRevisions;
import dev.casefile.demo.WorkedExample;
import dev.casefile.schema.ComplaintStatus;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.TurnKey;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The final state of every complaint is the same whatever order its feedback, tickets and spans
 * arrive in, and replaying everything changes nothing. The scenario holds the worked example (its
 * spans one record each, the thumbs-down, its ticket three days later and that ticket's later
 * version), a join-linked turn with a business-key ticket, an email-matched ticket, feedback that
 * names only a trace, a ticket whose order id two turns share, and a regenerated turn (two attempts,
 * feedback naming the first by its alias alone). The complaint rates end the same too.
 */
class OrderIndependencePropertyTest {

    private static final Instant T0 = WorkedExample.SERVED_AT;
    private static final String TRACE_B = "0af7651916cd43dd8448eb211c80b001";
    private static final String TRACE_C = "0af7651916cd43dd8448eb211c80c001";
    private static final String TRACE_D = "0af7651916cd43dd8448eb211c80d001";
    private static final String TRACE_E1 = "0af7651916cd43dd8448eb211c80e101";
    private static final String TRACE_E2 = "0af7651916cd43dd8448eb211c80e201";
    private static final String TRACE_F1 = "0af7651916cd43dd8448eb211c80f101";
    private static final String TRACE_F2 = "0af7651916cd43dd8448eb211c80f201";

    /** One input record, named for the failure report. */
    record Step(String name, Consumer<TopologyHarness> apply) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** 40 arrival orders: seeded shuffles, so a failing order is reproduced by its seed. */
    static LongStream seeds() {
        return LongStream.range(0, 40).map(i -> 0x5EED0000L + i);
    }

    @ParameterizedTest(name = "shuffle seed {0}")
    @MethodSource("seeds")
    void everyArrivalOrderReachesTheSameComplaints(long seed) {
        List<Step> order = new ArrayList<>(scenario());
        Collections.shuffle(order, new Random(seed));
        assertEquals(outcome(scenario()), outcome(order), "order: " + order);
    }

    @Test
    void theScenarioEndsWithTheComplaintsItWasBuiltFor() {
        Map<String, LinkedComplaint> view = finalView(scenario());
        LinkedComplaint worked = view.get(ComplaintIds.of(new TurnKey("acme_eu", WorkedExample.SESSION, WorkedExample.TURN)));
        assertEquals(ComplaintStatus.LINKED, worked.getStatus());
        assertEquals(List.of("cs_441"), worked.getTicketIds());
        assertEquals(Map.of("cs_441", "solved"), worked.getTicketStatus());
        assertEquals("tr_9021", worked.getTraceId());
        assertEquals(List.of("cs_b"), view.get(ComplaintIds.of(new TurnKey("acme_eu", "sess_b", "01"))).getTicketIds());
        assertEquals(List.of("cs_email"), view.get(ComplaintIds.of(new TurnKey("acme_eu", "sess_c", "01"))).getTicketIds());
        assertEquals(ComplaintStatus.LINKED, view.get(ComplaintIds.of(new TurnKey("acme_eu", "sess_d", "01"))).getStatus());
        LinkedComplaint ambiguous = view.get(ComplaintIds.ofTicket("acme_eu", "cs_amb"));
        assertEquals(ComplaintStatus.AMBIGUOUS, ambiguous.getStatus());
        assertEquals(List.of(TRACE_E1, TRACE_E2), ambiguous.getCandidateTraceIds());
        LinkedComplaint regenerated = view.get(ComplaintIds.of(new TurnKey("acme_eu", "sess_f", "01")));
        assertEquals(ComplaintStatus.LINKED, regenerated.getStatus());
        assertEquals(TRACE_F1, regenerated.getOtlpTraceId(), "the attempt the alias names, not the latest");
        assertEquals(List.of(TRACE_F2), regenerated.getAttemptTraceIds());
        assertEquals(6, view.size(), view.keySet().toString());
        Map<String, List<Long>> counts = outcome(scenario()).counts();
        assertEquals(List.of(1L, 1L), counts.get("doc_version=f-v1 " + T0.truncatedTo(ChronoUnit.HOURS)));
        assertEquals(List.of(1L, 0L), counts.get("doc_version=f-v2 " + T0.truncatedTo(ChronoUnit.HOURS)));
    }

    @Test
    void replayingEveryEventChangesNothing() {
        try (TopologyHarness casefile = new TopologyHarness()) {
            scenario().forEach(step -> step.apply().accept(casefile));
            casefile.records();
            scenario().forEach(step -> step.apply().accept(casefile));
            assertTrue(casefile.records().isEmpty(), "a replay emits nothing");
        }
    }

    private static Map<String, LinkedComplaint> finalView(List<Step> order) {
        try (TopologyHarness casefile = new TopologyHarness()) {
            order.forEach(step -> step.apply().accept(casefile));
            return casefile.view();
        }
    }

    /** The complaints without their revisions, and the interactions and complaints of every hourly rate window. */
    record Outcome(Map<String, LinkedComplaint> complaints, Map<String, List<Long>> counts) {
    }

    private static Outcome outcome(List<Step> order) {
        try (TopologyHarness casefile = new TopologyHarness()) {
            order.forEach(step -> step.apply().accept(casefile));
            Map<String, List<Long>> counts = new TreeMap<>();
            casefile.rates().forEach((key, rate) -> {
                if (key.getWindowSizeMs() == Duration.ofHours(1).toMillis()) {
                    counts.put(key.getTagKey() + "=" + key.getTagValue() + " " + key.getWindowStart(),
                            List.of(rate.getInteractions(), rate.getComplaints()));
                }
            });
            return new Outcome(withoutRevisions(casefile.view()), counts);
        }
    }

    /** Revisions count material changes, so they depend on order; everything else must not. */
    private static Map<String, LinkedComplaint> withoutRevisions(Map<String, LinkedComplaint> view) {
        Map<String, LinkedComplaint> stripped = new HashMap<>();
        view.forEach((k, v) -> stripped.put(k, ComplaintRevisions.withRevision(v, 0)));
        return stripped;
    }

    private static List<Step> scenario() {
        List<Step> steps = new ArrayList<>();
        byte[][] workedSpans = oneRecordPerSpan(WorkedExample.spans());
        for (int i = 0; i < workedSpans.length; i++) {
            byte[] record = workedSpans[i];
            steps.add(new Step("worked span " + i, h -> h.spans(record, T0)));
        }
        Instant threeDaysLater = WorkedExample.FEEDBACK_AT.plus(Duration.ofDays(3));
        steps.add(new Step("worked feedback", h -> h.feedback(WorkedExample.feedback())));
        steps.add(new Step("cs_441 open", h -> h.ticket(Evidence.ticket("cs_441", threeDaysLater)
                .setTraceId(WorkedExample.TRACE_ALIAS).build())));
        steps.add(new Step("cs_441 solved", h -> h.ticket(Evidence.ticket("cs_441", threeDaysLater)
                .setTraceId(WorkedExample.TRACE_ALIAS).setStatus("solved").setUpdatedAt(threeDaysLater.plusSeconds(3600))
                .build())));

        steps.add(new Step("trace B", h -> h.spans(Evidence.trace(TRACE_B, "sess_b", "01", T0,
                Map.of("gen_ai.response.id", "resp_b", "prompt_version", "refund-v4")), T0)));
        steps.add(new Step("feedback B", h -> h.feedback(Evidence.feedback("fb_b", "sess_b", "01", T0.plusSeconds(30)).build())));
        steps.add(new Step("cs_b by response id", h -> h.ticket(Evidence.ticket("cs_b", T0.plusSeconds(600))
                .setBusinessKeys(Map.of("response_id", "resp_b")).build())));

        steps.add(new Step("trace C", h -> h.spans(Evidence.trace(TRACE_C, "sess_c", "01", T0, Map.of()), T0)));
        steps.add(new Step("feedback C with email", h -> h.feedback(Evidence.feedback("fb_c", "sess_c", "01", T0.plusSeconds(40))
                .setBusinessKeys(Map.of("email", "kim@acme.example")).build())));
        steps.add(new Step("cs_email by email", h -> h.ticket(Evidence.ticket("cs_email", T0.plusSeconds(900))
                .setRequesterEmail("KIM@acme.example").build())));

        steps.add(new Step("trace D", h -> h.spans(Evidence.trace(TRACE_D, "sess_d", "01", T0, Map.of()), T0)));
        steps.add(new Step("feedback naming only trace D", h -> h.feedback(FeedbackEvent.newBuilder()
                .setFeedbackId("fb_d").setOccurredAt(T0.plusSeconds(50)).setWorkspaceId("acme_eu")
                .setTraceId(TRACE_D).setLabel("thumbs_down").build())));

        steps.add(new Step("trace E1", h -> h.spans(Evidence.trace(TRACE_E1, "sess_e1", "01", T0, Map.of("order_id", "ord_shared")), T0)));
        steps.add(new Step("trace E2", h -> h.spans(Evidence.trace(TRACE_E2, "sess_e2", "01", T0, Map.of("order_id", "ord_shared")), T0)));
        steps.add(new Step("cs_amb by shared order", h -> h.ticket(Evidence.ticket("cs_amb", T0.plusSeconds(1200))
                .setBusinessKeys(Map.of("order_id", "ord_shared")).build())));

        Instant regeneratedAt = T0.plusSeconds(30);
        steps.add(new Step("trace F1", h -> h.spans(Evidence.trace("acme_eu", TRACE_F1, "tr_f1", "sess_f", "01", T0,
                Map.of("doc_version", "f-v1")), T0)));
        steps.add(new Step("trace F2, regenerated", h -> h.spans(Evidence.trace("acme_eu", TRACE_F2, "tr_f2", "sess_f", "01",
                regeneratedAt, Map.of("doc_version", "f-v2")), regeneratedAt)));
        steps.add(new Step("feedback naming F1 by alias only", h -> h.feedback(Evidence.feedback("fb_f", null, null,
                regeneratedAt.plusSeconds(20)).setTraceId("tr_f1").build())));
        return steps;
    }

    private static byte[][] oneRecordPerSpan(byte[] otlp) {
        try {
            ResourceSpans resourceSpans = TracesData.parseFrom(otlp).getResourceSpans(0);
            var spans = resourceSpans.getScopeSpans(0).getSpansList();
            byte[][] records = new byte[spans.size()][];
            for (int i = 0; i < spans.size(); i++) {
                records[i] = TracesData.newBuilder().addResourceSpans(resourceSpans.toBuilder().clearScopeSpans()
                        .addScopeSpans(ScopeSpans.newBuilder().addSpans(spans.get(i)))).build().toByteArray();
            }
            return records;
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
