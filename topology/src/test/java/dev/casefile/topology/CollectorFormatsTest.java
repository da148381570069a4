package dev.casefile.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.config.CasefileConfig;
import dev.casefile.contract.ComplaintIds;
import dev.casefile.demo.WorkedExample;
import dev.casefile.schema.ComplaintStatus;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.TurnKey;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every way the OpenTelemetry Collector's Kafka exporter writes traces is read, and every kind of bad
 * span record goes to the dead letters with its reason while the pipeline goes on.
 */
class CollectorFormatsTest {

    private static final String WORKED_EXAMPLE = ComplaintIds.of(
            new TurnKey(WorkedExample.WORKSPACE, WorkedExample.SESSION, WorkedExample.TURN));

    @ParameterizedTest(name = "record key: {0}")
    @ValueSource(strings = {"none", "hex trace id", "raw trace id bytes"})
    void protobufRecordsAreReadWhateverTheirKey(String keyKind) {
        byte[] key = switch (keyKind) {
            case "none" -> null;
            case "hex trace id" -> WorkedExample.OTLP_TRACE_ID.getBytes(StandardCharsets.UTF_8);
            default -> HexFormat.of().parseHex(WorkedExample.OTLP_TRACE_ID);
        };
        try (TopologyHarness casefile = new TopologyHarness()) {
            casefile.spans(key, WorkedExample.spans(), WorkedExample.SERVED_AT);
            casefile.feedback(WorkedExample.feedback());
            assertLinked(casefile);
        }
    }

    @Test
    void otlpJsonAsTheSdkMarshalsItIsRead() throws IOException {
        List<SpanData> spans = sdkSpans();
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        TraceRequestMarshaler.create(spans).writeJsonTo(json);
        String traceId = spans.get(0).getTraceId();
        try (TopologyHarness casefile = new TopologyHarness(Map.of(CasefileConfig.SPAN_ENCODING, "otlp_json"))) {
            casefile.spans(traceId.getBytes(StandardCharsets.UTF_8), json.toByteArray(), WorkedExample.SERVED_AT);
            casefile.feedback(dev.casefile.schema.FeedbackEvent.newBuilder(WorkedExample.feedback())
                    .setSessionId("sess_json").setTurnId("01").setTraceId(traceId).build());

            LinkedComplaint complaint = casefile.complaints().get(0);
            assertEquals(ComplaintStatus.LINKED, complaint.getStatus());
            assertEquals(traceId, complaint.getTraceId());
            assertEquals(2, complaint.getTraceSummary().getSpanCount());
            assertTrue(complaint.getEvidenceTags().stream().anyMatch(t -> t.getKey().equals("doc_version")
                    && t.getValue().equals("v17")));
        }
    }

    @Test
    void aHandWrittenOtlpJsonRecordWithSeveralTracesIsRead() {
        String json = """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"workspace.id","value":{"stringValue":"acme_eu"}}]},
                  "scopeSpans":[{"scope":{"name":"hand"},"spans":[
                    {"traceId":"5B8EFFF798038103D269B633813F9021","spanId":"00f067aa0ba90201","name":"chat.turn","kind":2,
                     "startTimeUnixNano":"1779354861000000000","endTimeUnixNano":"1779354863300000000",
                     "attributes":[{"key":"session.id","value":{"stringValue":"sess_918"}},
                                   {"key":"turn.id","value":{"stringValue":"07"}},
                                   {"key":"doc_version","value":{"stringValue":"v17"}}],
                     "status":{"code":1}},
                    {"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","name":"other.turn",
                     "startTimeUnixNano":"1779354861000000000","endTimeUnixNano":"1779354862000000000"}]}]}]}
                """;
        try (TopologyHarness casefile = new TopologyHarness(Map.of(CasefileConfig.SPAN_ENCODING, "otlp_json"))) {
            casefile.spans(json.getBytes(StandardCharsets.UTF_8), WorkedExample.SERVED_AT);
            casefile.feedback(dev.casefile.schema.FeedbackEvent.newBuilder(WorkedExample.feedback())
                    .setTraceId(WorkedExample.OTLP_TRACE_ID).build());
            LinkedComplaint complaint = casefile.complaints().get(0);
            assertEquals(ComplaintStatus.LINKED, complaint.getStatus());
            assertEquals(WorkedExample.OTLP_TRACE_ID, complaint.getOtlpTraceId(), "hex ids in any case");
            assertEquals(List.of(), casefile.deadLetters());
        }
    }

    @Test
    void everyKindOfBadSpanRecordGoesToTheDeadLettersWithItsReason() {
        byte[] valid = WorkedExample.spans();
        byte[] oversized = new byte[4096];
        Arrays.fill(oversized, (byte) 0x0a);
        try (TopologyHarness proto = new TopologyHarness(Map.of(CasefileConfig.SPAN_MAX_RECORD_BYTES, "2048"))) {
            proto.spans(Arrays.copyOf(valid, valid.length / 2), WorkedExample.SERVED_AT);
            proto.spans(new byte[] {(byte) 0xff, (byte) 0xff, 0x01, 0x02}, WorkedExample.SERVED_AT);
            proto.spans("{\"resourceSpans\":[]}".getBytes(StandardCharsets.UTF_8), WorkedExample.SERVED_AT);
            proto.spans(oversized, WorkedExample.SERVED_AT);
            proto.spans(valid, WorkedExample.SERVED_AT);
            proto.feedback(WorkedExample.feedback());

            List<String> reasons = proto.deadLetterReasons();
            assertEquals(4, reasons.size(), reasons.toString());
            assertTrue(reasons.get(0).startsWith("not OTLP protobuf"), reasons.get(0));
            assertTrue(reasons.get(1).startsWith("not OTLP protobuf"), reasons.get(1));
            assertTrue(reasons.get(2).contains("looks like JSON: is span.encoding otlp_json?"), reasons.get(2));
            assertEquals("record of 4096 bytes is larger than span.max.record.bytes=2048", reasons.get(3));
            assertLinked(proto);
        }
        try (TopologyHarness json = new TopologyHarness(Map.of(CasefileConfig.SPAN_ENCODING, "otlp_json"))) {
            json.spans("{\"spans\":[{\"name\":\"x\"}]}".getBytes(StandardCharsets.UTF_8), WorkedExample.SERVED_AT);
            json.spans("[1,2,3]".getBytes(StandardCharsets.UTF_8), WorkedExample.SERVED_AT);
            json.spans("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"xyz\",\"spanId\":\"00f067aa0ba90201\"}]}]}]}"
                    .getBytes(StandardCharsets.UTF_8), WorkedExample.SERVED_AT);
            json.spans(valid, WorkedExample.SERVED_AT);
            json.spans("{\"resourceSpans\":[{\"scopeSpans\":[".getBytes(StandardCharsets.UTF_8), WorkedExample.SERVED_AT);

            List<String> reasons = json.deadLetterReasons();
            assertEquals(5, reasons.size(), reasons.toString());
            assertTrue(reasons.get(0).startsWith("JSON that is not OTLP"), reasons.get(0));
            assertTrue(reasons.get(1).startsWith("JSON that is not OTLP"), reasons.get(1));
            assertEquals("OTLP/JSON field resourceSpans[0].scopeSpans[0].spans[0].traceId must be hex (32 hex digits for a "
                    + "trace id, 16 for a span id)", reasons.get(2));
            assertTrue(reasons.get(3).contains("is span.encoding otlp_proto?"), reasons.get(3));
            assertTrue(reasons.get(4).startsWith("not JSON"), reasons.get(4));
        }
    }

    private static void assertLinked(TopologyHarness casefile) {
        LinkedComplaint complaint = casefile.view().get(WORKED_EXAMPLE);
        assertEquals(ComplaintStatus.LINKED, complaint.getStatus());
        assertEquals(5, complaint.getTraceSummary().getSpanCount());
    }


    /** Two spans of one turn, made by the real SDK. */
    private static List<SpanData> sdkSpans() {
        InMemorySpanExporter memory = InMemorySpanExporter.create();
        try (SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(memory)).build()) {
            var tracer = provider.get("json-test");
            var root = tracer.spanBuilder("chat.turn").setNoParent().setAttribute("workspace.id", "acme_eu")
                    .setAttribute("session.id", "sess_json").setAttribute("turn.id", "01").startSpan();
            try (var ignored = root.makeCurrent()) {
                tracer.spanBuilder("retrieve.policy_docs").startSpan().setAttribute("doc_version", "v17").end();
            } finally {
                root.end();
            }
            return memory.getFinishedSpanItems();
        }
    }
}
