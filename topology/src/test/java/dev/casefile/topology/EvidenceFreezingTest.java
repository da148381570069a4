package dev.casefile.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.demo.OtlpTraceBuilder;
import dev.casefile.demo.WorkedExample;
import dev.casefile.schema.SpanRecord;
import dev.casefile.schema.internal.TraceEvidence;
import dev.casefile.schema.internal.TraceState;
import dev.casefile.topology.ingest.OtlpSpanDecoder;
import dev.casefile.topology.query.Stores;
import dev.casefile.topology.query.TraceReads;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The trace store keeps where a trace's spans are, not the spans; a trace a complaint links to has
 * its spans copied once into the evidence store, which then no longer needs the spans topic.
 */
class EvidenceFreezingTest {

    private static final String OTHER_TRACE = "0af7651916cd43dd8448eb211c80b002";

    @Test
    void theTraceStoreKeepsLocationsAndFactsNotSpans() throws Exception {
        try (TopologyHarness casefile = new TopologyHarness()) {
            casefile.spans(WorkedExample.spans(), WorkedExample.SERVED_AT);
            TraceState trace = traces(casefile).get(WorkedExample.OTLP_TRACE_ID);
            assertEquals(1, trace.getLocations().size());
            assertEquals(0L, trace.getLocations().get(0).getOffset());
            assertEquals(5, trace.getFacts().size());
            assertTrue(trace.toString().indexOf(WorkedExample.QUESTION) < 0, "no conversation text in the trace store");
            assertNull(evidence(casefile).get(WorkedExample.OTLP_TRACE_ID), "nobody complained yet");
        }
    }

    @Test
    void aComplaintFreezesItsTraceSpansWhichThenOutliveTheSpansTopic() throws Exception {
        try (TopologyHarness casefile = new TopologyHarness()) {
            casefile.spans(WorkedExample.spans(), WorkedExample.SERVED_AT);
            casefile.spans(Evidence.trace(OTHER_TRACE, "sess_other", "01", WorkedExample.SERVED_AT, Map.of()),
                    WorkedExample.SERVED_AT);
            casefile.feedback(WorkedExample.feedback());

            TraceEvidence frozen = evidence(casefile).get(WorkedExample.OTLP_TRACE_ID);
            assertNotNull(frozen, "the complaint linked to the worked example's trace");
            assertEquals(decoded(casefile, WorkedExample.spans()), frozen.getSpans());
            assertEquals(0, frozen.getMissingRecords());
            assertNull(evidence(casefile).get(OTHER_TRACE), "a trace nobody complained about is not copied");
            assertTrue(traces(casefile).get(WorkedExample.OTLP_TRACE_ID).getEvidenceFrozen());

            // The topic's retention deletes the records; a late span of the complained trace still joins its evidence.
            casefile.deleteSpansRecords();
            Instant late = WorkedExample.SERVED_AT.plusSeconds(5);
            byte[] lateSpan = new OtlpTraceBuilder().resource("service.name", "support-assistant")
                    .span(WorkedExample.OTLP_TRACE_ID, "00f067aa0ba90206", "00f067aa0ba90201", "feedback.recorded", late,
                            late.plusMillis(3), false, Map.of()).toBytes();
            casefile.spans(lateSpan, late);
            List<String> ids = evidence(casefile).get(WorkedExample.OTLP_TRACE_ID).getSpans().stream()
                    .map(SpanRecord::getSpanId).toList();
            assertEquals(List.of("00f067aa0ba90201", "00f067aa0ba90202", "00f067aa0ba90203", "00f067aa0ba90204",
                    "00f067aa0ba90205", "00f067aa0ba90206"), ids);
        }
    }

    @Test
    void aComplaintAfterTheSpansAreGoneFreezesWhatIsLeftAndSaysWhatIsMissing() throws Exception {
        try (TopologyHarness casefile = new TopologyHarness()) {
            casefile.spans(WorkedExample.spans(), WorkedExample.SERVED_AT);
            casefile.deleteSpansRecords();
            casefile.feedback(WorkedExample.feedback());
            TraceEvidence frozen = evidence(casefile).get(WorkedExample.OTLP_TRACE_ID);
            assertEquals(List.of(), frozen.getSpans());
            assertEquals(1, frozen.getMissingRecords());
            assertEquals(1.0, casefile.meters.counter("casefile.evidence.missing.records").count());
        }
    }

    private static List<SpanRecord> decoded(TopologyHarness casefile, byte[] record) throws Exception {
        return new OtlpSpanDecoder(casefile.config.spanMapping(), casefile.config.spanFormat()).decode(record).get(0)
                .getSpans().stream().sorted(TraceReads.START_ORDER).toList();
    }

    private static KeyValueStore<String, TraceState> traces(TopologyHarness casefile) {
        return casefile.driver.getKeyValueStore(Stores.TRACE_STORE);
    }

    private static KeyValueStore<String, TraceEvidence> evidence(TopologyHarness casefile) {
        return casefile.driver.getKeyValueStore(Stores.COMPLAINT_EVIDENCE);
    }
}
