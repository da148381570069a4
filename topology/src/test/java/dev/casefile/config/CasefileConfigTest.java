package dev.casefile.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.app.StreamsProperties;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class CasefileConfigTest {

    private static final String BROKERS = "broker-1:9092,broker-2:9092";
    private static final Path STATE_DIR = Path.of("/var/lib/casefile/state");
    private static final String INSTANCE = "casefile-0";

    @Test
    void namesTheTopicsFeedbackSupportTicketsOtlpSpansLinkedComplaintsComplaintRatesAndCasefileDlqByDefault() {
        TopicNames topics = new CasefileConfig(Map.of()).topicNames();

        assertEquals(new TopicNames("feedback", "support-tickets", "otlp_spans", "linked-complaints",
                "complaint-rate-by-tag", "complaint-rate-alerts", "casefile-dlq", "casefile-console-audit",
                "casefile-console-sessions",
                3, (short) 1, 7L * 24 * 3600 * 1000, 30L * 24 * 3600 * 1000), topics);
    }

    @Test
    void theSpansTopicIsCreatedKeepingRecordsAsLongAsUncomplainedTraces() {
        assertEquals(40L * 24 * 3600 * 1000, new CasefileConfig(Map.of("topic.input.retention.ms", Long.toString(40L * 24 * 3600 * 1000)))
                .topicNames().spansRetentionMs(), "a longer input retention stays");
        assertEquals(-1, new CasefileConfig(Map.of("topic.input.retention.ms", "-1")).topicNames().spansRetentionMs());
        assertEquals(3_600_000L, new CasefileConfig(Map.of("topic.input.retention.ms", "60000",
                "retention.uncomplained.ms", "3600000")).topicNames().spansRetentionMs());
    }

    @Test
    void theStreamsGroupProtocolReachesKafkaStreamsOnly() {
        CasefileConfig config = new CasefileConfig(Map.of("kafka.group.protocol", "streams", "kafka.session.timeout.ms", "6000"));

        assertEquals("streams", StreamsProperties.of(config, BROKERS, STATE_DIR, INSTANCE).get(StreamsConfig.GROUP_PROTOCOL_CONFIG));
        assertEquals(Map.of("bootstrap.servers", BROKERS, "session.timeout.ms", "6000"), config.kafkaClientProperties(BROKERS),
                "a plain consumer refuses group.protocol=streams");
    }

    @Test
    void restartsAsTheSameStaticMemberWithTransactionalStores() {
        Map<String, Object> streams = StreamsProperties.of(new CasefileConfig(Map.of()), BROKERS, STATE_DIR, INSTANCE);

        assertEquals(INSTANCE, streams.get("main.consumer.group.instance.id"));
        assertEquals(true, streams.get(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG));
    }

    @Test
    void processesExactlyOnceByDefault() {
        Map<String, Object> streams = StreamsProperties.of(new CasefileConfig(Map.of()), BROKERS, STATE_DIR, INSTANCE);

        assertEquals(StreamsConfig.EXACTLY_ONCE_V2, streams.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals("exactly_once_v2", streams.get("processing.guarantee"));
    }

    @Test
    void runsAnEmbeddedBrokerAsApplicationCasefileByDefault() {
        CasefileConfig config = new CasefileConfig(Map.of());

        assertEquals(Optional.empty(), config.bootstrapServers());
        assertEquals(Optional.empty(), config.embeddedDataDir());
        assertEquals(Optional.empty(), config.stateDir(), "no state directory: a temporary one");
        assertEquals("casefile", config.applicationId());
        assertEquals(256, config.maxSpansPerTrace());
    }

    @Test
    void readsTheDefaultSpanMapping() {
        SpanMapping mapping = new CasefileConfig(Map.of()).spanMapping();

        assertEquals(new SpanMapping(
                List.of("workspace.id", "tenant.id"),
                List.of("session.id", "gen_ai.conversation.id"),
                List.of("turn.id"),
                List.of("app.trace_id"),
                List.of("gen_ai.response.id", "order_id", "conversation_url"),
                List.of("prompt_version", "gen_ai.request.model", "gen_ai.provider.name", "gen_ai.system",
                        "model_deployment", "experiment_bucket", "doc_version")), mapping);
    }

    @Test
    void readsSettingsGivenAsText() {
        CasefileConfig config = new CasefileConfig(Map.of(
                "bootstrap.servers", " " + BROKERS + " ",
                "embedded.data.dir", "/var/lib/casefile",
                "state.dir", "/var/lib/casefile/state",
                "topic.spans", "traces",
                "topic.partitions", "12",
                "topic.replication.factor", "3",
                "span.turn.attributes", "turn.id, chat.turn",
                "trace.max.spans", "64"));

        assertEquals(Optional.of(BROKERS), config.bootstrapServers(), "surrounding blanks are trimmed");
        assertEquals(Optional.of(Path.of("/var/lib/casefile")), config.embeddedDataDir());
        assertEquals(Optional.of(STATE_DIR), config.stateDir());
        assertEquals("traces", config.topicNames().spans());
        assertEquals(12, config.topicNames().partitions());
        assertEquals((short) 3, config.topicNames().replicationFactor());
        assertEquals(List.of("turn.id", "chat.turn"), config.spanMapping().turnKeys());
        assertEquals(64, config.maxSpansPerTrace());
        assertEquals(3, StreamsProperties.of(config, BROKERS, STATE_DIR, INSTANCE).get(StreamsConfig.REPLICATION_FACTOR_CONFIG));
    }

    @Test
    void aTraceLinkTemplateMustBeAnHttpUrlWithTheTraceIdPlaceholder() {
        assertEquals("https://tempo.example/trace/5b8efff798038103d269b633813f9021", new CasefileConfig(Map.of(
                CasefileConfig.TRACE_LINK_TEMPLATE, "https://tempo.example/trace/{trace_id}")).traceLink()
                .to("5b8efff798038103d269b633813f9021").orElseThrow());
        assertEquals(Optional.empty(), new CasefileConfig(Map.of()).traceLink().to("5b8efff798038103d269b633813f9021"));
        ConfigException noPlaceholder = assertThrows(ConfigException.class, () -> new CasefileConfig(Map.of(
                CasefileConfig.TRACE_LINK_TEMPLATE, "https://tempo.example/trace/")));
        assertTrue(noPlaceholder.getMessage().contains("{trace_id}"), noPlaceholder.getMessage());
        ConfigException script = assertThrows(ConfigException.class, () -> new CasefileConfig(Map.of(
                CasefileConfig.TRACE_LINK_TEMPLATE, "javascript:alert('{trace_id}')")));
        assertTrue(script.getMessage().contains("http"), script.getMessage());
    }

    @Test
    void rejectsAnUnknownKeyNamingIt() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new CasefileConfig(Map.of("topic.feedbak", "complaints")));

        assertTrue(e.getMessage().contains("topic.feedbak"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown Casefile setting"), e.getMessage());
    }

    @Test
    void rejectsAKafkaClientSettingGivenWithoutThePrefix() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new CasefileConfig(Map.of("security.protocol", "SSL")));

        assertTrue(e.getMessage().contains("security.protocol"), e.getMessage());
        assertTrue(e.getMessage().contains("kafka.security.protocol"), "the message shows the prefixed form");
    }

    @Test
    void passesKafkaPrefixedKeysToTheStreamsPropertiesWithoutThePrefix() {
        CasefileConfig config = new CasefileConfig(Map.of(
                "kafka.security.protocol", "SSL",
                "kafka.ssl.truststore.location", "/etc/casefile/truststore.jks"));

        Map<String, Object> streams = StreamsProperties.of(config, BROKERS, STATE_DIR, INSTANCE);

        assertEquals("SSL", streams.get("security.protocol"));
        assertEquals("/etc/casefile/truststore.jks", streams.get("ssl.truststore.location"));
        assertFalse(streams.containsKey("kafka.security.protocol"));
        assertEquals(BROKERS, streams.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        assertEquals("casefile", streams.get(StreamsConfig.APPLICATION_ID_CONFIG));
        assertEquals(STATE_DIR.toString(), streams.get(StreamsConfig.STATE_DIR_CONFIG));
    }

    @Test
    void givesTheKafkaClientsOnlyThePassThroughSettingsAndTheBrokers() {
        CasefileConfig config = new CasefileConfig(Map.of(
                "kafka.security.protocol", "SSL",
                "topic.dlq", "dead-letters"));

        assertEquals(Map.of("security.protocol", "SSL", "bootstrap.servers", BROKERS),
                config.kafkaClientProperties(BROKERS));
    }

    @Test
    void rejectsAProcessingGuaranteeOtherThanExactlyOnceV2OrAtLeastOnce() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new CasefileConfig(Map.of("processing.guarantee", "at_most_once")));

        assertTrue(e.getMessage().contains("processing.guarantee"), e.getMessage());
        assertTrue(e.getMessage().contains("at_most_once"), e.getMessage());
    }

    @Test
    void acceptsAtLeastOnceProcessing() {
        CasefileConfig config = new CasefileConfig(Map.of("processing.guarantee", "at_least_once"));

        assertEquals(StreamsConfig.AT_LEAST_ONCE,
                StreamsProperties.of(config, BROKERS, STATE_DIR, INSTANCE).get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    }

    @Test
    void rejectsZeroTopicPartitions() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new CasefileConfig(Map.of("topic.partitions", "0")));

        assertTrue(e.getMessage().contains("topic.partitions"), e.getMessage());
    }

    @Test
    void rejectsTopicPartitionsThatAreNotANumber() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new CasefileConfig(Map.of("topic.partitions", "three")));

        assertTrue(e.getMessage().contains("topic.partitions"), e.getMessage());
    }

    @Test
    void rejectsAnEmptyTopicName() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new CasefileConfig(Map.of("topic.linked.complaints", "")));

        assertTrue(e.getMessage().contains("topic.linked.complaints"), e.getMessage());
    }

    @Test
    void rejectsAReplicationFactorBelowMinusOne() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new CasefileConfig(Map.of("topic.replication.factor", "-2")));

        assertTrue(e.getMessage().contains("topic.replication.factor"), e.getMessage());
    }

    @Test
    void declaresEveryKeyWithOnlyLowercaseLettersDigitsAndDotsSoFlagAndEnvironmentNamesMapBack() {
        Set<String> names = CasefileConfig.definition().names();

        Set<String> irregular = names.stream()
                .filter(key -> !key.matches("[a-z0-9.]+"))
                .collect(Collectors.toSet());

        assertFalse(names.isEmpty());
        assertEquals(Set.of(), irregular);
    }

    @Test
    void handsOutADefinitionThatCannotChangeTheOneInUse() {
        CasefileConfig.definition().define("casefile.injected", ConfigDef.Type.STRING, "", ConfigDef.Importance.LOW,
                "added by a caller");

        assertFalse(CasefileConfig.definition().names().contains("casefile.injected"));
        assertThrows(ConfigException.class, () -> new CasefileConfig(Map.of("casefile.injected", "x")));
    }

    @Test
    void tellsWhenTheHashSecretIsThePublicDefault() {
        assertTrue(new CasefileConfig(Map.of()).hasPublicHashSecret());
        assertTrue(new CasefileConfig(Map.of(CasefileConfig.BUSINESS_KEY_HASH_SECRET, CasefileConfig.DEFAULT_HASH_SECRET))
                .hasPublicHashSecret());
        assertTrue(new CasefileConfig(Map.of(CasefileConfig.BUSINESS_KEY_HASH_SECRET, "")).hasPublicHashSecret());
        assertFalse(new CasefileConfig(Map.of(CasefileConfig.BUSINESS_KEY_HASH_SECRET, "0123456789abcdef0123456789abcdef"))
                .hasPublicHashSecret());
    }
}
