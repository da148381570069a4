package dev.casefile.connect.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class KafkaSpanExporterTest {

    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());

    @Test
    void writesOneOtlpProtobufRecordPerTraceKeyedByItsHexTraceId() throws Exception {
        List<SpanData> spans = twoTraces();
        KafkaSpanExporter exporter = new KafkaSpanExporter(producer, "otlp_spans", KafkaSpanExporter.Encoding.OTLP_PROTO, true);

        assertTrue(exporter.export(spans).join(5, TimeUnit.SECONDS).isSuccess());

        List<ProducerRecord<byte[], byte[]>> records = producer.history();
        assertEquals(2, records.size());
        for (ProducerRecord<byte[], byte[]> record : records) {
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(record.value());
            var exported = request.getResourceSpans(0).getScopeSpans(0).getSpansList();
            String key = new String(record.key(), StandardCharsets.UTF_8);
            assertTrue(exported.stream().allMatch(s -> HexFormat.of().formatHex(s.getTraceId().toByteArray()).equals(key)));
            assertEquals("otlp_spans", record.topic());
        }
    }

    @Test
    void writesOtlpJsonWithHexIdsAsTheCollectorDoes() {
        KafkaSpanExporter exporter = new KafkaSpanExporter(producer, "otlp_spans", KafkaSpanExporter.Encoding.OTLP_JSON, false);

        assertTrue(exporter.export(twoTraces()).join(5, TimeUnit.SECONDS).isSuccess());

        assertEquals(1, producer.history().size(), "without partitioning, one record holds the whole batch");
        ProducerRecord<byte[], byte[]> record = producer.history().get(0);
        assertNull(record.key());
        String json = new String(record.value(), StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"resourceSpans\""), json);
        assertTrue(json.matches("(?s).*\"traceId\":\"[0-9a-f]{32}\".*"), json);
    }

    @Test
    void aFailedSendFailsTheExportAndShutdownClosesTheProducer() {
        MockProducer<byte[], byte[]> failing = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        KafkaSpanExporter exporter = new KafkaSpanExporter(failing, "otlp_spans", KafkaSpanExporter.Encoding.OTLP_PROTO, true);

        CompletableResultCode result = exporter.export(twoTraces());
        failing.errorNext(new RuntimeException("broker down"));
        failing.completeNext();

        assertFalse(result.join(5, TimeUnit.SECONDS).isSuccess());
        exporter.shutdown();
        assertTrue(failing.closed());
        assertFalse(exporter.export(twoTraces()).isSuccess(), "nothing is exported after shutdown");
    }

    private static List<SpanData> twoTraces() {
        InMemorySpanExporter memory = InMemorySpanExporter.create();
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(memory)).build()) {
            Tracer tracer = provider.get("test");
            for (int i = 0; i < 2; i++) {
                Span root = tracer.spanBuilder("chat.turn").setNoParent().startSpan();
                try (Scope ignored = root.makeCurrent()) {
                    tracer.spanBuilder("llm.answer").startSpan().end();
                } finally {
                    root.end();
                }
            }
            return memory.getFinishedSpanItems(); // before close: closing the provider clears the exporter
        }
    }
}
