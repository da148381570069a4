package dev.casefile.topology;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.casefile.app.CasefileApp;
import dev.casefile.config.CasefileConfig;
import dev.casefile.config.ConsoleConfig;
import dev.casefile.testing.ConsoleCasefile;
import dev.casefile.testing.ConsoleClient;
import dev.casefile.testing.EmbeddedKafkaExtension;
import dev.casefile.testing.RunningCasefile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An integrator who writes no Java: the worked example's spans (OTLP/JSON), thumbs-down and ticket
 * (the contract's example documents) go in as JSON text from plain string producers, and the linked
 * complaint and its rates come out of linked-complaints and complaint-rate-by-tag as JSON text, with
 * {@code output.encoding=json}. No Casefile class touches the records on either side.
 */
@Tag("integration")
@Timeout(180)
class JsonPipelineIT {

    private static final Path EXAMPLES = Path.of("..", "schemas", "contract", "examples");
    private static final Path SPANS = Path.of("src", "test", "resources", "worked-example", "spans.otlp.json");

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();
    private static CasefileApp app;

    @BeforeAll
    static void start() throws InterruptedException {
        app = RunningCasefile.start(kafka, "casefile-json", Map.of(CasefileConfig.OUTPUT_ENCODING, "json",
                CasefileConfig.SPAN_ENCODING, "otlp_json", ConsoleConfig.CONSOLE_ENABLED, "true",
                ConsoleConfig.CONSOLE_PORT, "0", ConsoleConfig.CONSOLE_TOKEN, ConsoleCasefile.TOKEN));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theWorkedExampleInJsonComesOutAsJson() throws IOException {
        Map<String, Object> props = new HashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("otlp_spans", null, Files.readString(SPANS)));
            producer.send(new ProducerRecord<>("feedback", "fb_sess_918_07", Files.readString(EXAMPLES.resolve("FeedbackEvent.json"))));
            producer.send(new ProducerRecord<>("support-tickets", "cs_441", Files.readString(EXAMPLES.resolve("SupportTicket.json"))));
        }

        // The ticket may reach the turn before the thumbs-down (an earlier revision then says TICKET_TRACE_ID): wait for
        // the revision that has both, as the final view of the topic has it.
        JsonObject complaint = awaitJson("linked-complaints", c -> c.getAsJsonArray("ticket_ids").size() == 1
                && c.getAsJsonArray("feedback_ids").size() == 1 && "LINKED".equals(c.get("status").getAsString()));
        assertEquals("cmp-a7b8df2e9cd5d482", complaint.get("complaint_id").getAsString());
        assertEquals("CAPTURED_TRACE_ID", complaint.get("link_method").getAsString());
        assertEquals("tr_9021", complaint.get("trace_id").getAsString());
        assertEquals("5b8efff798038103d269b633813f9021", complaint.get("otlp_trace_id").getAsString());
        assertEquals("cs_441", complaint.getAsJsonArray("ticket_ids").get(0).getAsString());
        assertEquals("2026-05-21T09:14:33Z", complaint.get("first_reported_at").getAsString());
        assertEquals("Agent said annual contracts are refundable anytime.", complaint.get("complaint_text").getAsString());
        assertEquals("v17", tag(complaint.getAsJsonArray("evidence_tags"), "doc_version"));
        assertTrue(complaint.getAsJsonObject("business_keys").get("email_hash").getAsString().startsWith("h1:"),
                "the email is hashed on the way in");
        assertEquals(5, complaint.getAsJsonObject("trace_summary").get("span_count").getAsInt());

        // The console's indexer reads linked-complaints back whatever its encoding.
        ConsoleClient console = ConsoleCasefile.client(app);
        await().atMost(Duration.ofSeconds(60)).until(() -> console.get("/api/complaints/cmp-a7b8df2e9cd5d482").status() == 200
                && console.get("/api/complaints/cmp-a7b8df2e9cd5d482").json().getAsJsonObject()
                        .getAsJsonArray("ticket_ids").size() == 1);

        JsonObject rate = awaitJson("complaint-rate-by-tag", r -> r.get("tag_key").getAsString().equals("doc_version")
                && r.get("complaints").getAsLong() == 1);
        assertEquals("v17", rate.get("tag_value").getAsString());
        assertEquals(1.0, rate.get("rate").getAsDouble());
    }

    private static String tag(JsonArray tags, String key) {
        for (JsonElement t : tags) {
            if (t.getAsJsonObject().get("key").getAsString().equals(key)) {
                return t.getAsJsonObject().get("value").getAsString();
            }
        }
        return null;
    }

    /** The first JSON value on {@code topic} (read_committed, as plain text) that {@code wanted} accepts. */
    private static JsonObject awaitJson(String topic, java.util.function.Predicate<JsonObject> wanted) {
        Map<String, Object> props = new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "json-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(250))) {
                    JsonObject json = JsonParser.parseString(Objects.requireNonNull(record.value(), "no tombstones here"))
                            .getAsJsonObject();
                    assertTrue(record.value().trim().startsWith("{"), "a JSON object, not Avro");
                    if (wanted.test(json)) {
                        return json;
                    }
                }
            }
        }
        throw new AssertionError("nothing wanted on " + topic);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
