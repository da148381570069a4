package dev.casefile.connect.zendesk;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.casefile.app.CasefileApp;
import dev.casefile.config.CasefileConfig;
import dev.casefile.contract.ComplaintIds;
import dev.casefile.demo.WorkedExample;
import dev.casefile.resilience.OutputView;
import dev.casefile.schema.ComplaintStatus;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.TurnKey;
import dev.casefile.testing.EmbeddedKafkaExtension;
import dev.casefile.testing.KafkaClients;
import dev.casefile.testing.RunningCasefile;
import dev.casefile.topics.CasefileTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both Zendesk connectors on a real Connect worker (its own JVM, plugin loaded from plugin.path),
 * Casefile running, and the Zendesk stand-in: a ticket that carries only the requester's email,
 * opened three days after the thumbs-down, comes out linked to the exact trace, and the sink writes
 * the trace and the case-file URL back to it once, also after its task restarts and replays the topic.
 */
@Tag("integration")
@Timeout(480)
class ZendeskConnectIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    private static final long PAT = 9_001L;
    private static final long TICKET = 441L;
    private static final long DELETED = 447L;
    private static final long NO_WORKSPACE = 448L;

    @Test
    void anEmailOnlyTicketThreeDaysLaterGetsItsTraceWrittenBackExactlyOnce() throws Exception {
        try (CasefileApp app = RunningCasefile.start(kafka, "casefile-zendesk");
             ZendeskStandIn zendesk = new ZendeskStandIn();
             ConnectWorker worker = new ConnectWorker(dir.resolve("worker"), kafka.bootstrapServers()).start();
             KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(kafka.bootstrapServers())) {
            CasefileConfig config = app.config();
            CasefileTopics topics = CasefileTopics.from(config.topicNames(), config.recordSerdes());
            publishTheWorkedExample(producer, config, topics);
            fillZendesk(zendesk);

            worker.putConnector("zendesk-tickets", ZendeskTickets.sourceConfig(zendesk, 2));
            worker.putConnector("casefile-links", ZendeskTickets.sinkConfig(zendesk));
            worker.awaitRunning("zendesk-tickets");
            worker.awaitRunning("casefile-links");

            try (OutputView outputs = new OutputView(kafka.bootstrapServers(), topics)) {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                    LinkedComplaint complaint = outputs.complaints().get(WORKED_EXAMPLE_COMPLAINT);
                    assertNotNull(complaint);
                    assertEquals(List.of("zd-" + TICKET), complaint.getTicketIds());
                    assertEquals(ComplaintStatus.LINKED, complaint.getStatus());
                    assertEquals(WorkedExample.OTLP_TRACE_ID, complaint.getOtlpTraceId());
                });
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> zendesk.updates().contains(TICKET));
            assertWrittenOnce(zendesk);

            // The export's paging, the 429 and the odd tickets.
            List<Long> requests = zendesk.exportRequestTimes();
            assertTrue(requests.get(2) - requests.get(1) >= 2_000,
                    "the request after the 429 waited its Retry-After of 2 s: " + (requests.get(2) - requests.get(1)) + " ms");
            Map<String, List<ConsumerRecord<String, byte[]>>> tickets = read(topics.tickets().name(), 7);
            assertEquals(Set.of("zd-441", "zd-442", "zd-443", "zd-444", "zd-445", "zd-" + DELETED), tickets.keySet(),
                    "every ticket but the unmappable one, over four pages");
            assertNull(last(tickets.get("zd-" + DELETED)).value(), "a deleted ticket is a tombstone");
            ConsumerRecord<String, byte[]> deadLetter = last(read(config.topicNames().deadLetters(), 1).get("zd-" + NO_WORKSPACE));
            String reason = new String(deadLetter.headers().lastHeader("casefile.dlq.reason").value(), StandardCharsets.UTF_8);
            assertTrue(reason.startsWith("workspace_id: required"), reason);

            // Zendesk moves updated_at on the sink's write, so the ticket comes back through the export; Casefile
            // takes the new version, and nothing new is written.
            await().atMost(Duration.ofSeconds(60)).until(() -> read(topics.tickets().name(), 1).get("zd-" + TICKET).size() >= 2);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                    consumedAll(config.applicationId(), topics.tickets().name()) && replayed(worker, topics));
            assertWrittenOnce(zendesk);

            // Replay: stop the sink, forget its offsets, resume. The task starts with nothing cached and reads the
            // whole topic again; the ticket already shows the link, so nothing is written.
            worker.send("PUT", "/connectors/casefile-links/stop", null, 202, 204);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> worker.get("/connectors/casefile-links/status")
                    .contains("STOPPED"));
            worker.send("DELETE", "/connectors/casefile-links/offsets", null, 200);
            worker.send("PUT", "/connectors/casefile-links/resume", null, 202, 204);
            worker.awaitRunning("casefile-links");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> replayed(worker, topics));
            assertWrittenOnce(zendesk);
            String log = Files.readString(worker.log());
            assertTrue(log.contains("zendesk.api.token = [hidden]"), "Connect logs the connectors' settings, token masked");
            assertFalse(log.contains(ZendeskStandIn.TOKEN), "the API token is in no log line");
            assertFalse(log.contains("pat@acme.example"), "no email in the worker's log");
            assertFalse(log.contains("refundable anytime"), "no ticket text in the worker's log");
        }
    }

    private static final String WORKED_EXAMPLE_COMPLAINT = ComplaintIds.of(
            new TurnKey(WorkedExample.WORKSPACE, WorkedExample.SESSION, WorkedExample.TURN));

    private static void assertWrittenOnce(ZendeskStandIn zendesk) {
        assertEquals(List.of(TICKET), zendesk.updates(), "one write, to the complained ticket only");
        JsonObject ticket = zendesk.ticket(TICKET);
        assertEquals(WorkedExample.OTLP_TRACE_ID, field(ticket, ZendeskTickets.LINKED_TRACE_FIELD));
        assertEquals("LINKED", field(ticket, ZendeskTickets.LINK_STATUS_FIELD));
        List<JsonObject> comments = zendesk.comments(TICKET);
        assertEquals(1, comments.size());
        assertFalse(comments.get(0).get("public").getAsBoolean(), "an internal note");
        String note = comments.get(0).get("body").getAsString();
        // The note docs/helpdesk.md shows.
        assertEquals("Casefile linked this ticket to the trace of the reported turn.\n"
                + "Case file: " + ZendeskTickets.CONSOLE_URL + "/#/trace/" + WorkedExample.OTLP_TRACE_ID + "\n"
                + "Trace: " + WorkedExample.TRACE_ALIAS + "\n"
                + "Status: LINKED (link method CAPTURED_TRACE_ID)\n"
                + "Evidence: doc_version=v17, experiment_bucket=control, gen_ai.request.model=claude-2025-04-01,"
                + " model_deployment=claude-2025-04-01, prompt_version=refund-v3\n", note);
    }

    private static void publishTheWorkedExample(KafkaProducer<byte[], byte[]> producer, CasefileConfig config,
                                                CasefileTopics topics) {
        producer.send(new ProducerRecord<>(topics.spans().name(), null, WorkedExample.SERVED_AT.toEpochMilli(), null,
                WorkedExample.spans()));
        Map<String, String> keys = new HashMap<>(WorkedExample.feedback().getBusinessKeys());
        keys.put("email", "pat@acme.example");
        FeedbackEvent feedback = FeedbackEvent.newBuilder(WorkedExample.feedback()).setBusinessKeys(keys).build();
        producer.send(new ProducerRecord<>(topics.feedback().name(), null, feedback.getOccurredAt().toEpochMilli(),
                feedback.getFeedbackId().getBytes(StandardCharsets.UTF_8),
                config.recordSerdes().forType(FeedbackEvent.class, false).serializer().serialize(topics.feedback().name(), feedback)));
        producer.flush();
    }

    /** The complained ticket (email only), four unrelated ones, a deleted one and one without a workspace. */
    private static void fillZendesk(ZendeskStandIn zendesk) {
        zendesk.addUser(PAT, "pat@acme.example");
        zendesk.putTicket(ZendeskTickets.ticket(TICKET, WorkedExample.FEEDBACK_AT.plus(Duration.ofDays(3)), "open", PAT,
                "Your assistant told me annual contracts are refundable anytime. They are not.",
                Map.of(ZendeskTickets.WORKSPACE_FIELD, WorkedExample.WORKSPACE)));
        for (long id = 442; id <= 445; id++) {
            zendesk.addUser(id * 10, "customer" + id + "@example.com");
            zendesk.putTicket(ZendeskTickets.ticket(id, WorkedExample.FEEDBACK_AT.plus(Duration.ofHours(id - 440)), "pending",
                    id * 10, "Where do I find my invoices?", Map.of(ZendeskTickets.WORKSPACE_FIELD, WorkedExample.WORKSPACE)));
        }
        zendesk.putTicket(ZendeskTickets.ticket(DELETED, WorkedExample.FEEDBACK_AT.plus(Duration.ofHours(10)), "deleted", null,
                "spam", Map.of()));
        zendesk.putTicket(ZendeskTickets.ticket(NO_WORKSPACE, WorkedExample.FEEDBACK_AT.plus(Duration.ofHours(11)), "new", null,
                "Hello?", Map.of()));
        zendesk.throttle(2, 2);
    }

    /** Whether the sink has committed offsets past every complaint on the topic again. */
    private static boolean replayed(ConnectWorker worker, CasefileTopics topics) throws Exception {
        JsonObject offsets = JsonParser.parseString(worker.get("/connectors/casefile-links/offsets")).getAsJsonObject();
        Map<Integer, Long> committed = new HashMap<>();
        for (JsonElement o : offsets.getAsJsonArray("offsets")) {
            committed.put(o.getAsJsonObject().getAsJsonObject("partition").get("kafka_partition").getAsInt(),
                    o.getAsJsonObject().getAsJsonObject("offset").get("kafka_offset").getAsLong());
        }
        Map<Integer, Long> needed = new HashMap<>();
        read(topics.linkedComplaints().name(), 1).values().forEach(records -> records.forEach(r ->
                needed.merge(r.partition(), r.offset() + 1, Math::max)));
        return needed.entrySet().stream().allMatch(e -> committed.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    /** Whether Casefile (its consumer group is its application id) has consumed every record of {@code topic}. */
    private static boolean consumedAll(String applicationId, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().stream().filter(tp -> tp.topic().equals(topic)).forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            if (latest.isEmpty()) {
                return false;
            }
            var ends = admin.listOffsets(latest).all().get();
            return latest.keySet().stream().allMatch(tp -> committed.get(tp).offset() >= ends.get(tp).offset());
        }
    }

    /** Every record of the topic so far (read_committed), by key, once at least {@code atLeast} have been read. */
    private static Map<String, List<ConsumerRecord<String, byte[]>>> read(String topic, int atLeast) {
        Map<String, List<ConsumerRecord<String, byte[]>>> byKey = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.readCommitted(kafka.bootstrapServers(),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            int[] count = {0};
            long deadline = System.currentTimeMillis() + 30_000;
            int emptyPolls = 0;
            while (System.currentTimeMillis() < deadline && (count[0] < atLeast || emptyPolls < 3)) {
                var records = consumer.poll(Duration.ofMillis(300));
                emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
                records.forEach(r -> {
                    byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
                    count[0]++;
                });
            }
        }
        return byKey;
    }

    private static <T> T last(List<T> list) {
        assertNotNull(list);
        return list.get(list.size() - 1);
    }

    private static String field(JsonObject ticket, long id) {
        for (JsonElement f : ticket.getAsJsonArray("custom_fields")) {
            if (f.getAsJsonObject().get("id").getAsLong() == id) {
                return f.getAsJsonObject().get("value").isJsonNull() ? null : f.getAsJsonObject().get("value").getAsString();
            }
        }
        return null;
    }
}
