package dev.casefile.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.casefile.testing.EmbeddedKafkaExtension;
import dev.casefile.testing.KafkaClients;
import dev.casefile.testing.TestSettings;
import dev.casefile.topology.ingest.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The documented replay-dlq command puts dead letters back where they came from, each exactly once. */
@Tag("integration")
@Timeout(120)
class DeadLetterReplayIT {

    @RegisterExtension
    final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @Test
    void replayDlqRepublishesEachDeadLetterToItsSourceTopicOnce() {
        TestSettings.createTopics(TestSettings.config(kafka.bootstrapServers(), 3, Map.of()));
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(kafka.bootstrapServers())) {
            producer.send(letter("feedback", "fb_1", "not avro 1"));
            producer.send(letter("feedback", "fb_2", "not avro 2"));
            producer.send(letter("otlp_spans", null, "not otlp"));
        }

        assertEquals("Replayed 3 dead letters from casefile-dlq (0 skipped)", run(kafka));
        List<ConsumerRecord<byte[], byte[]>> replayed = readAll(kafka, "feedback", 2);
        assertArrayEquals(utf8("fb_1"), replayed.get(0).key());
        assertArrayEquals(utf8("not avro 1"), replayed.get(0).value());
        assertNull(replayed.get(0).headers().lastHeader(DeadLetters.REASON), "dead-letter headers stay behind");
        assertArrayEquals(utf8("yes"), replayed.get(0).headers().lastHeader("x-upstream").value());
        assertEquals("casefile-dlq-0@0", new String(replayed.get(0).headers()
                .lastHeader(DeadLetterReplayer.REPLAYED_FROM).value(), StandardCharsets.UTF_8));
        assertEquals(1, readAll(kafka, "otlp_spans", 1).size());

        assertEquals("Replayed 0 dead letters from casefile-dlq (0 skipped)", run(kafka), "nothing twice");
        assertEquals("Replayed 1 dead letters from casefile-dlq (2 skipped)", run(kafka,
                "--replay-source-topic", "otlp_spans", "--replay-group-id", "another-replayer"));
    }

    private static String run(EmbeddedKafkaExtension kafka, String... extra) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("replay-dlq", "--bootstrap-servers", kafka.bootstrapServers()));
        args.addAll(List.of(extra));
        int exit = dev.casefile.cli.MainAccess.run(args.toArray(String[]::new), new java.io.PrintStream(bytes, true));
        assertEquals(0, exit, bytes.toString());
        return bytes.toString(StandardCharsets.UTF_8).trim();
    }

    private static ProducerRecord<byte[], byte[]> letter(String source, String key, String value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("x-upstream", utf8("yes"));
        headers.add(DeadLetters.REASON, utf8("test"));
        headers.add(DeadLetters.SOURCE_TOPIC, utf8(source));
        headers.add(DeadLetters.SOURCE_PARTITION, utf8("0"));
        headers.add(DeadLetters.SOURCE_OFFSET, utf8("7"));
        return new ProducerRecord<>("casefile-dlq", 0, key == null ? null : utf8(key), utf8(value), headers);
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(EmbeddedKafkaExtension kafka, String topic, int expected) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        records.sort(java.util.Comparator.comparing(r -> r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8)));
        return records;
    }


    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
