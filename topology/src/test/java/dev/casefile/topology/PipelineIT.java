package dev.casefile.topology;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.app.CasefileApp;
import dev.casefile.contract.ComplaintIds;
import dev.casefile.contract.ComplaintRevisions;
import dev.casefile.demo.DemoRecords;
import dev.casefile.demo.WorkedExample;
import dev.casefile.schema.ComplaintStatus;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.TurnKey;
import dev.casefile.testing.EmbeddedKafkaExtension;
import dev.casefile.testing.KafkaClients;
import dev.casefile.testing.RunningCasefile;
import dev.casefile.topology.ingest.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole pipeline on a real in-process KRaft broker with exactly-once: the final linked
 * complaints (read with read_committed) equal what the {@code TopologyTestDriver} computes from the
 * same input.
 */
@Tag("integration")
@Timeout(180)
class PipelineIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();
    private static CasefileApp app;

    @BeforeAll
    static void start() throws InterruptedException {
        app = RunningCasefile.start(kafka, "casefile-it");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void exactlyOnceBrokerRunReachesTheSameFinalComplaintsAsTheDriver() {
        List<ProducerRecord<byte[], byte[]>> input = input();
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(kafka.bootstrapServers())) {
            input.forEach(producer::send);
            producer.send(new ProducerRecord<>(app.topics().spans().name(), null,
                    "truncated".getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }
        Map<String, LinkedComplaint> expected = driverFinalView(input);
        assertTrue(expected.size() > 10, "the traffic should produce a fair number of complaints: " + expected.size());

        Map<String, LinkedComplaint> actual = new HashMap<>();
        List<ConsumerRecord<byte[], byte[]>> deadLetters = new ArrayList<>();
        try (KafkaConsumer<String, LinkedComplaint> complaints = KafkaClients.readCommitted(kafka.bootstrapServers(),
                app.topics().linkedComplaints().keySerde().deserializer(),
                app.topics().linkedComplaints().valueSerde().deserializer());
             KafkaConsumer<byte[], byte[]> dlq = KafkaClients.readCommitted(kafka.bootstrapServers(),
                     new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            complaints.subscribe(List.of(app.topics().linkedComplaints().name()));
            dlq.subscribe(List.of(app.topics().deadLetters().name()));
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                complaints.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value() == null) {
                        actual.remove(r.key());
                    } else {
                        actual.put(r.key(), withoutRevision(r.value()));
                    }
                });
                dlq.poll(Duration.ofMillis(50)).forEach(deadLetters::add);
                assertEquals(expected, actual);
                assertEquals(1, deadLetters.size());
            });
        }
        LinkedComplaint example = actual.get(ComplaintIds.of(
                new TurnKey(WorkedExample.WORKSPACE, WorkedExample.SESSION, WorkedExample.TURN)));
        assertEquals(ComplaintStatus.LINKED, example.getStatus());
        assertEquals("tr_9021", example.getTraceId());
        assertEquals(List.of(WorkedExample.TICKET), example.getTicketIds());
        assertTrue(actual.values().stream().anyMatch(c -> !c.getTicketIds().isEmpty() && c.getFeedbackIds().size() == 1
                && c.getLinkMethod() == dev.casefile.schema.LinkMethod.SESSION_TURN_JOIN),
                "generated tickets joined generated complaints");
        assertEquals("otlp_spans", DeadLetters.header(deadLetters.get(0).headers(), DeadLetters.SOURCE_TOPIC));
        assertTrue(DeadLetters.header(deadLetters.get(0).headers(), DeadLetters.REASON).startsWith("not OTLP"));
    }

    /** The worked example and seeded demo traffic (spans, feedback, tickets), with their event times. */
    private static List<ProducerRecord<byte[], byte[]>> input() {
        return new DemoRecords(app.topics(), app.config().recordSerdes()).records(150, 7);
    }

    private static Map<String, LinkedComplaint> driverFinalView(List<ProducerRecord<byte[], byte[]>> input) {
        try (TopologyHarness driver = new TopologyHarness()) {
            for (ProducerRecord<byte[], byte[]> r : input) {
                Instant at = Instant.ofEpochMilli(r.timestamp());
                if (r.topic().equals(app.topics().spans().name())) {
                    driver.spans(r.value(), at);
                } else if (r.topic().equals(app.topics().feedback().name())) {
                    driver.rawFeedback(r.key(), r.value(), at);
                } else {
                    driver.rawTicket(r.key(), r.value(), at);
                }
            }
            Map<String, LinkedComplaint> view = new HashMap<>();
            driver.view().forEach((k, v) -> view.put(k, withoutRevision(v)));
            return view;
        }
    }

    /** The revision counts material changes, which depend on arrival order; everything else must agree. */
    private static LinkedComplaint withoutRevision(LinkedComplaint complaint) {
        return ComplaintRevisions.withRevision(complaint, 0);
    }


}
