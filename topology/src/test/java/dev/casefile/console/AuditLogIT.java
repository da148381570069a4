package dev.casefile.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.casefile.config.CasefileConfig;
import dev.casefile.schema.ConsoleAgentSource;
import dev.casefile.schema.ConsoleAudit;
import dev.casefile.serde.SingleObjectRecordSerdes;
import dev.casefile.testing.EmbeddedKafkaExtension;
import dev.casefile.testing.KafkaClients;
import dev.casefile.testing.TestSettings;
import dev.casefile.topics.CasefileTopics;
import dev.casefile.topics.TopicSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Every opened case file and complaint is one ConsoleAudit record on the audit topic, which a consumer reads with the
 * published contract's serde alone; sending never holds up the caller, and a lost record is counted and logged
 * without its content.
 */
@Tag("integration")
@Timeout(120)
class AuditLogIT {

    private static final String INSTANCE = "casefile-0.casefile:8470";

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @Test
    void eachOpeningIsOneRecordWithExactlyTheContractsFieldsReadableWithTheContractSerde() throws Exception {
        CasefileConfig config = TestSettings.config(kafka.bootstrapServers(), 3, Map.of());
        CasefileTopics topics = TestSettings.createTopics(config);
        TopicSpec<String, ConsoleAudit> topic = topics.consoleAudit();
        Agent oidc = new Agent("pat@acme.example", AgentSource.OIDC, Optional.of(Set.of("acme_eu")));
        Agent proxy = new Agent("sam", AgentSource.PROXY, Optional.empty());

        Instant before = Instant.now();
        try (AuditLog audit = new AuditLog(config.kafkaClientProperties(kafka.bootstrapServers()), topic, INSTANCE)) {
            audit.opened(oidc, "/api/complaints/{id}", "cmp-a7b8df2e9cd5d482", null, "acme_eu");
            audit.opened(proxy, "/api/traces/{id}", null, "5b8efff798038103d269b633813f9021", null);
            audit.opened(Agent.TOKEN, "/api/complaints/{id}", "cmp-1", "5b8e", "acme_us");
            await(() -> audit.written() == 3, "three records acknowledged");
            assertEquals(0, audit.failures());
        }
        Instant after = Instant.now();

        List<ConsumerRecord<String, byte[]>> records = readAll(topic.name(), 3);
        var contract = new SingleObjectRecordSerdes().forType(ConsoleAudit.class, false).deserializer();
        List<ConsoleAudit> read = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            assertArrayEquals(new byte[] {(byte) 0xC3, 0x01}, new byte[] {record.value()[0], record.value()[1]},
                    "Avro single-object encoding");
            read.add(contract.deserialize(topic.name(), record.value()));
        }
        read.sort((a, b) -> a.getRouteTemplate().compareTo(b.getRouteTemplate()) != 0
                ? a.getRouteTemplate().compareTo(b.getRouteTemplate()) : a.getAgentName().compareTo(b.getAgentName()));
        for (ConsoleAudit a : read) {
            assertFalse(a.getOpenedAt().isBefore(before) || a.getOpenedAt().isAfter(after), a.getOpenedAt().toString());
        }
        assertEquals(List.of(
                audit("pat@acme.example", ConsoleAgentSource.OIDC, "/api/complaints/{id}", "cmp-a7b8df2e9cd5d482", null,
                        "acme_eu", read.get(0).getOpenedAt()),
                audit("token", ConsoleAgentSource.TOKEN, "/api/complaints/{id}", "cmp-1", "5b8e", "acme_us",
                        read.get(1).getOpenedAt()),
                audit("sam", ConsoleAgentSource.PROXY, "/api/traces/{id}", null, "5b8efff798038103d269b633813f9021",
                        null, read.get(2).getOpenedAt())), read);
        assertEquals(Set.of("cmp-a7b8df2e9cd5d482", "5b8efff798038103d269b633813f9021", "cmp-1"),
                Set.copyOf(records.stream().map(ConsumerRecord::key).toList()), "keyed by complaint id, else trace id");

        List<String> fields = ConsoleAudit.getClassSchema().getFields().stream().map(Schema.Field::name).toList();
        assertEquals(List.of("agent_name", "agent_source", "route_template", "complaint_id", "trace_id", "workspace_id",
                "instance", "opened_at"), fields, "who, how, what, where and when; no complaint text");
    }

    @Test
    void theTopicIsCreatedDeletingAfter400Days() throws Exception {
        CasefileConfig config = TestSettings.config(kafka.bootstrapServers(), 3,
                Map.of(CasefileConfig.TOPIC_CONSOLE_AUDIT, "audit-created"));
        TestSettings.createTopics(config);
        try (Admin admin = Admin.create(config.kafkaClientProperties(kafka.bootstrapServers()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "audit-created");
            Config created = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertEquals(TopicConfig.CLEANUP_POLICY_DELETE, created.get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
            assertEquals(Long.toString(400L * 24 * 3600 * 1000), created.get(TopicConfig.RETENTION_MS_CONFIG).value());
        }
    }

    /** With no broker to take them, openings return at once; each lost record is counted, one warning names none. */
    @Test
    void withoutABrokerOpeningReturnsAtOnceAndLossesAreCountedAndLoggedWithoutContent() throws Exception {
        CasefileConfig config = TestSettings.config(kafka.bootstrapServers(), 3, Map.of());
        TopicSpec<String, ConsoleAudit> topic = CasefileTopics.from(config.topicNames(), config.recordSerdes()).consoleAudit();
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(AuditLog.class);
        logs.start();
        logger.addAppender(logs);
        try {
            AuditLog audit = new AuditLog(Map.of("bootstrap.servers", "127.0.0.1:1"), topic, INSTANCE);
            Agent agent = new Agent("pat@acme.example", AgentSource.OIDC, Optional.empty());
            long started = System.nanoTime();
            audit.opened(agent, "/api/complaints/{id}", "cmp-secret-id", null, "acme_eu");
            audit.opened(agent, "/api/traces/{id}", null, "trace-secret-id", "acme_eu");
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertTrue(tookMs < 1000, "opened() waited " + tookMs + " ms for the broker");

            await(() -> audit.failures() == 2, "both records counted lost after max.block.ms");
            audit.close();
            audit.opened(agent, "/api/complaints/{id}", "cmp-after-close", null, null);
            assertEquals(3, audit.failures(), "an opening after close is counted lost too");
            assertEquals(0, audit.written());
        } finally {
            logger.detachAppender(logs);
        }
        List<String> warnings = logs.list.stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(2, warnings.size(), "one rate-limited warning for the losses, one on close: " + warnings);
        for (String warning : warnings) {
            for (String content : List.of("pat@acme.example", "cmp-secret-id", "trace-secret-id", "acme_eu", "cmp-after-close",
                    "/api/")) {
                assertFalse(warning.contains(content), "the log holds record content: " + warning);
            }
        }
        assertTrue(warnings.get(1).contains("2 lost"), warnings.get(1));
    }

    private static ConsoleAudit audit(String agent, ConsoleAgentSource source, String route, String complaintId,
                                      String traceId, String workspaceId, Instant at) {
        return ConsoleAudit.newBuilder().setAgentName(agent).setAgentSource(source).setRouteTemplate(route)
                .setComplaintId(complaintId).setTraceId(traceId).setWorkspaceId(workspaceId).setInstance(INSTANCE)
                .setOpenedAt(at).build();
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String topic, int expected) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.readCommitted(kafka.bootstrapServers(),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // Nothing beyond the expected records arrives.
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        assertEquals(expected, records.size());
        return records;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(50);
        }
    }
}
