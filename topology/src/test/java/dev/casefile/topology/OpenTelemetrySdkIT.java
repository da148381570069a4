package dev.casefile.topology;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.casefile.app.CasefileApp;
import dev.casefile.config.CasefileConfig;
import dev.casefile.connect.otel.KafkaSpanExporter;
import dev.casefile.contract.ComplaintIds;
import dev.casefile.schema.ComplaintStatus;
import dev.casefile.schema.EvidenceTag;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.LinkMethod;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.SupportTicket;
import dev.casefile.schema.TurnKey;
import dev.casefile.testing.EmbeddedKafkaExtension;
import dev.casefile.testing.KafkaClients;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * End to end with the real OpenTelemetry Java SDK: a toy assistant traced by the SDK exports with the
 * SDK's own OTLP marshaling into Kafka (through {@link KafkaSpanExporter}, byte for byte what the
 * Collector's Kafka exporter writes, in both encodings); the thumbs-down its UI captured and a ticket
 * quoting the model's response id come out as one complaint on the exact trace with its evidence tags.
 */
@Tag("integration")
@Timeout(180)
class OpenTelemetrySdkIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @ParameterizedTest
    @EnumSource(KafkaSpanExporter.Encoding.class)
    void anSdkTracedTurnLinksToItsComplaint(KafkaSpanExporter.Encoding encoding) throws Exception {
        String spans = "otlp_spans_" + encoding.name().toLowerCase();
        try (CasefileApp app = CasefileApp.start(new CasefileConfig(Map.of(
                CasefileConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                CasefileConfig.APPLICATION_ID, "casefile-otel-" + UUID.randomUUID(),
                CasefileConfig.MANAGEMENT_PORT, "0",
                CasefileConfig.TOPIC_SPANS, spans,
                CasefileConfig.TOPIC_FEEDBACK, "feedback_" + encoding.name().toLowerCase(),
                CasefileConfig.TOPIC_TICKETS, "tickets_" + encoding.name().toLowerCase(),
                CasefileConfig.TOPIC_LINKED_COMPLAINTS, "linked_" + encoding.name().toLowerCase(),
                CasefileConfig.SPAN_ENCODING, encoding == KafkaSpanExporter.Encoding.OTLP_JSON ? "otlp_json" : "otlp_proto")))) {
            app.awaitRunning(Duration.ofSeconds(60));

            ToyAssistant.Answer answer;
            try (SdkTracerProvider tracing = SdkTracerProvider.builder()
                    .setResource(Resource.getDefault().merge(Resource.create(Attributes.builder()
                            .put("service.name", "support-assistant").build())))
                    .addSpanProcessor(BatchSpanProcessor.builder(KafkaSpanExporter.builder()
                            .bootstrapServers(kafka.bootstrapServers()).topic(spans).encoding(encoding).build()).build())
                    .build()) {
                answer = new ToyAssistant(tracing.get("toy-assistant")).answer("acme_eu", "sess_918", "07");
                tracing.forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);
            }

            Instant now = Instant.now();
            FeedbackEvent thumbsDown = FeedbackEvent.newBuilder().setFeedbackId("fb_sdk").setOccurredAt(now)
                    .setWorkspaceId("acme_eu").setSessionId("sess_918").setTurnId("07").setTraceId(answer.traceId())
                    .setLabel("wrong_policy_answer").setComplaintText("Agent said annual contracts are refundable anytime.")
                    .build();
            SupportTicket ticket = SupportTicket.newBuilder().setTicketId("cs_441").setOpenedAt(now.plusSeconds(60))
                    .setUpdatedAt(now.plusSeconds(60)).setStatus("open").setWorkspaceId("acme_eu")
                    .setBusinessKeys(Map.of("request_reference", answer.responseId())).build();
            try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(kafka.bootstrapServers())) {
                var serdes = app.config().recordSerdes();
                producer.send(new ProducerRecord<>(app.topics().feedback().name(), utf8("fb_sdk"),
                        serdes.forType(FeedbackEvent.class, false).serializer().serialize("f", thumbsDown)));
                producer.send(new ProducerRecord<>(app.topics().tickets().name(), utf8("cs_441"),
                        serdes.forType(SupportTicket.class, false).serializer().serialize("t", ticket)));
            }

            String complaintId = ComplaintIds.of(new TurnKey("acme_eu", "sess_918", "07"));
            Map<String, LinkedComplaint> view = new HashMap<>();
            try (KafkaConsumer<String, LinkedComplaint> consumer = KafkaClients.readCommitted(kafka.bootstrapServers(),
                    app.topics().linkedComplaints().keySerde().deserializer(), app.topics().linkedComplaints().valueSerde().deserializer())) {
                consumer.subscribe(List.of(app.topics().linkedComplaints().name()));
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> view.put(r.key(), r.value()));
                    LinkedComplaint c = view.get(complaintId);
                    assertEquals(ComplaintStatus.LINKED, c == null ? null : c.getStatus());
                    assertEquals(List.of("cs_441"), c.getTicketIds());
                });
            }
            LinkedComplaint complaint = view.get(complaintId);
            assertEquals(answer.traceId(), complaint.getTraceId());
            assertEquals(LinkMethod.CAPTURED_TRACE_ID, complaint.getLinkMethod());
            assertEquals("chat.turn", complaint.getTraceSummary().getRootSpanName());
            assertEquals(4, complaint.getTraceSummary().getSpanCount());
            Map<String, String> tags = complaint.getEvidenceTags().stream()
                    .collect(Collectors.toMap(EvidenceTag::getKey, EvidenceTag::getValue));
            assertEquals(Map.of("doc_version", "v17", "prompt_version", "refund-v3", "gen_ai.request.model",
                    "claude-2025-04-01", "gen_ai.provider.name", "anthropic"), tags);
            assertEquals(answer.responseId(), complaint.getBusinessKeys().get("gen_ai.response.id"));
        }
    }



    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
