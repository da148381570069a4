package dev.casefile.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.config.CasefileConfig;
import dev.casefile.config.TopicNames;
import dev.casefile.schema.internal.TraceFragment;
import dev.casefile.topology.ingest.OtlpSpanDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reference apps copy every input record unchanged; {@code storing} also keeps each under its trace ids or key. */
class ReferenceAppsTest {

    private static final CasefileConfig CONFIG = new CasefileConfig(Map.of());
    private static final TopicNames TOPICS = CONFIG.topicNames();
    private static final byte[] NOT_OTLP = "not a span record".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @ValueSource(strings = {"passthrough", "decoding", "storing"})
    void copiesEveryInputRecordUnchangedAndStoresOnlyWhenStoring(String app) throws Exception {
        OtlpSpanDecoder decoder = new OtlpSpanDecoder(CONFIG.spanMapping(), CONFIG.spanFormat());
        List<BenchRecord> records = new ArrayList<>();
        new BenchTraffic(3, Instant.parse("2026-11-20T08:00:00Z"), CONFIG.recordSerdes()).records(0, 3000, e -> { })
                .forEachRemaining(records::add);
        records.add(new BenchRecord(BenchRecord.Kind.SPANS, "k".getBytes(StandardCharsets.UTF_8), NOT_OTLP, 1L, 0, null));
        records.add(new BenchRecord(BenchRecord.Kind.FEEDBACK, "fb_bad".getBytes(StandardCharsets.UTF_8), NOT_OTLP, 2L, 0, null));
        assertTrue(records.stream().anyMatch(r -> r.kind() == BenchRecord.Kind.TICKETS), "the traffic has tickets");

        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "reference-" + app);
        try (TopologyTestDriver driver = new TopologyTestDriver(ReferenceApps.build(app, TOPICS, decoder, CONFIG.recordSerdes()), props)) {
            Map<BenchRecord.Kind, TestInputTopic<byte[], byte[]>> inputs = Map.of(
                    BenchRecord.Kind.SPANS, input(driver, TOPICS.spans()),
                    BenchRecord.Kind.FEEDBACK, input(driver, TOPICS.feedback()),
                    BenchRecord.Kind.TICKETS, input(driver, TOPICS.tickets()));
            for (int i = 0; i < records.size(); i++) {
                BenchRecord r = records.get(i);
                RecordHeaders headers = new RecordHeaders();
                headers.add("seq", new byte[] {(byte) i});
                inputs.get(r.kind()).pipeInput(new TestRecord<>(r.key(), r.value(), headers, r.timestamp()));
            }
            TestOutputTopic<byte[], byte[]> output = driver.createOutputTopic(TOPICS.linkedComplaints(),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TestRecord<byte[], byte[]>> copies = output.readRecordsToList();
            assertEquals(records.size(), copies.size(), "one copy per input record");
            for (int i = 0; i < records.size(); i++) {
                assertArrayEquals(records.get(i).key(), copies.get(i).key(), "key of record " + i);
                assertArrayEquals(records.get(i).value(), copies.get(i).value(), "value of record " + i);
                assertEquals(records.get(i).timestamp(), copies.get(i).timestamp(), "timestamp of record " + i);
                assertArrayEquals(new byte[] {(byte) i}, copies.get(i).headers().lastHeader("seq").value());
            }

            KeyValueStore<byte[], byte[]> store = driver.getKeyValueStore(ReferenceApps.STORE);
            if (!app.equals("storing")) {
                assertNull(store, app + " keeps no state");
                return;
            }
            Map<String, byte[]> expected = new HashMap<>();
            for (BenchRecord r : records.subList(0, records.size() - 2)) {
                if (r.kind() == BenchRecord.Kind.SPANS) {
                    for (TraceFragment f : decoder.decode(r.value())) {
                        expected.put(f.getTraceId(), r.value());
                    }
                } else {
                    expected.put(new String(r.key(), StandardCharsets.UTF_8), r.value());
                }
            }
            Map<String, byte[]> stored = new HashMap<>();
            try (var all = store.all()) {
                all.forEachRemaining(kv -> stored.put(new String(kv.key, StandardCharsets.UTF_8), kv.value));
            }
            assertEquals(expected.keySet(), stored.keySet(), "every trace id and feedback or ticket key, and nothing undecodable");
            expected.forEach((key, value) -> assertArrayEquals(value, stored.get(key), key));
            assertFalse(stored.containsKey("fb_bad"));
        }
    }

    private static TestInputTopic<byte[], byte[]> input(TopologyTestDriver driver, String topic) {
        return driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
