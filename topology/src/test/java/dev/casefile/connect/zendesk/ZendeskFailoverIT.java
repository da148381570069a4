package dev.casefile.connect.zendesk;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.casefile.app.CasefileApp;
import dev.casefile.config.CasefileConfig;
import dev.casefile.demo.DemoRecords;
import dev.casefile.resilience.Differences;
import dev.casefile.resilience.Expected;
import dev.casefile.resilience.OutputView;
import dev.casefile.schema.SupportTicket;
import dev.casefile.testing.EmbeddedKafkaExtension;
import dev.casefile.testing.KafkaClients;
import dev.casefile.testing.RunningCasefile;
import dev.casefile.testing.TestSettings;
import dev.casefile.topics.CasefileTopics;
import dev.casefile.topology.TopologyHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's tickets live in the Zendesk stand-in and reach Casefile only through the source
 * connector. The Connect worker is killed with SIGKILL in the middle of the export and started
 * again: every ticket reaches support-tickets at least once, and the complaints equal what the
 * topology test driver computes from the same input with each ticket once.
 */
@Tag("integration")
@Timeout(480)
class ZendeskFailoverIT {

    private static final int TURNS = 300;
    private static final long SEED = 29;
    private static final int PAGE = 3;

    @RegisterExtension
    final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    @Test
    void aWorkerKilledMidExportLosesNoTicketAndTheComplaintsStayExact() throws Exception {
        CasefileConfig config = TestSettings.config(kafka.bootstrapServers(), 2, Map.of());
        CasefileTopics topics = TestSettings.createTopics(config);
        List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>();
        List<SupportTicket> demoTickets = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : new DemoRecords(topics, config.recordSerdes()).records(TURNS, SEED)) {
            if (r.topic().equals(topics.tickets().name())) {
                demoTickets.add(config.recordSerdes().forType(SupportTicket.class, false).deserializer().deserialize(r.topic(), r.value()));
            } else {
                input.add(r);
            }
        }
        try (ZendeskStandIn zendesk = new ZendeskStandIn();
             KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(kafka.bootstrapServers())) {
            List<SupportTicket> mapped = fill(zendesk, demoTickets);
            Expected expected = expected(config, topics, input, mapped);
            try (CasefileApp app = RunningCasefile.start(kafka, "casefile-zendesk-failover");
                 ConnectWorker worker = new ConnectWorker(dir.resolve("worker"), kafka.bootstrapServers()).start();
                 OutputView outputs = new OutputView(kafka.bootstrapServers(), topics)) {
                input.forEach(producer::send);
                producer.flush();
                zendesk.slowExport(300);
                worker.putConnector("zendesk-tickets", ZendeskTickets.sourceConfig(zendesk, PAGE));
                Set<String> seen = new HashSet<>();
                int[] records = {0};
                try (KafkaConsumer<String, byte[]> tickets = KafkaClients.readCommitted(kafka.bootstrapServers(),
                        new StringDeserializer(), new ByteArrayDeserializer())) {
                    tickets.subscribe(List.of(topics.tickets().name()));
                    await().atMost(Duration.ofSeconds(90)).until(() -> {
                        tickets.poll(Duration.ofMillis(100)).forEach(r -> {
                            seen.add(r.key());
                            records[0]++;
                        });
                        return seen.size() >= mapped.size() / 3;
                    });
                    worker.kill();
                    int before = seen.size();
                    assertTrue(before < mapped.size(), "killed in the middle of the export: " + before + " of " + mapped.size());
                    int requestsBefore = zendesk.exportQueries().size();

                    worker.start();
                    await().atMost(Duration.ofSeconds(120)).until(() -> {
                        tickets.poll(Duration.ofMillis(200)).forEach(r -> {
                            seen.add(r.key());
                            records[0]++;
                        });
                        return seen.size() == mapped.size();
                    });
                    String resumed = zendesk.exportQueries().get(requestsBefore);
                    assertTrue(resumed.startsWith("cursor="), "the restarted task resumed at its stored cursor: " + resumed);
                    // At least once: what was written after the last offset commit (every 500 ms) comes again.
                    assertTrue(records[0] - mapped.size() <= 5 * PAGE, (records[0] - mapped.size()) + " tickets written twice");
                }
                assertEquals(mapped.stream().map(SupportTicket::getTicketId).collect(Collectors.toSet()), seen);
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                        Differences.assertSame("linked-complaints", expected.complaints(), outputs.complaints()));
            }
        }
    }

    /** Puts the demo's tickets into the stand-in, and returns them as the source connector maps them. */
    private static List<SupportTicket> fill(ZendeskStandIn zendesk, List<SupportTicket> demoTickets) {
        TicketMapper mapper = ZendeskTickets.sourceSettings(zendesk, PAGE).mapper();
        List<SupportTicket> mapped = new ArrayList<>();
        for (int i = 0; i < demoTickets.size(); i++) {
            SupportTicket demo = demoTickets.get(i);
            Long requester = null;
            Map<Long, String> users = new HashMap<>();
            if (demo.getRequesterEmail() != null) {
                requester = 50_000L + i;
                zendesk.addUser(requester, demo.getRequesterEmail());
                users.put(requester, demo.getRequesterEmail());
            }
            JsonObject ticket = ZendeskTickets.fromDemo(demo, 1_000L + i, requester);
            zendesk.putTicket(ticket);
            MappedTicket m = mapper.map(ticket, users);
            mapped.add(assertInstanceOf(MappedTicket.Ticket.class, m, "every demo ticket maps").ticket());
        }
        return mapped;
    }

    private static Expected expected(CasefileConfig config, CasefileTopics topics, List<ProducerRecord<byte[], byte[]>> input,
                                     List<SupportTicket> tickets) {
        try (TopologyHarness driver = new TopologyHarness()) {
            for (ProducerRecord<byte[], byte[]> r : input) {
                Instant at = Instant.ofEpochMilli(r.timestamp());
                if (r.topic().equals(config.topicNames().spans())) {
                    driver.spans(r.key(), r.value(), at);
                } else {
                    driver.rawFeedback(r.key(), r.value(), at);
                }
            }
            for (SupportTicket t : tickets) {
                driver.rawTicket(t.getTicketId().getBytes(StandardCharsets.UTF_8),
                        config.recordSerdes().forType(SupportTicket.class, false).serializer().serialize(topics.tickets().name(), t),
                        t.getUpdatedAt());
            }
            return new Expected(Expected.withoutRevisions(driver.view()), Map.of(), Map.of());
        }
    }
}
