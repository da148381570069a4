package dev.casefile.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Starts the embedded broker and checks transactions, persistence and restarts against it. */
@Tag("integration")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EmbeddedKafkaIT {

    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void transactionalRecordsReachReadCommittedConsumer() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            createTopic(kafka, "tx-topic");
            produceTransactionally(kafka, "tx-topic", "tx-1", List.of("a", "b", "c"));

            assertEquals(List.of("a", "b", "c"), consume(kafka, "tx-topic", 3));
        }
    }

    @Test
    void persistentDataDirSurvivesClose(@TempDir Path dir) throws Exception {
        String firstBootstrap;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withDataDir(dir))) {
            firstBootstrap = kafka.bootstrapServers();
            createTopic(kafka, "kept");
            produceTransactionally(kafka, "kept", "tx-kept", List.of("survivor"));
        }
        assertTrue(Files.isDirectory(dir), "a persistent data dir is not deleted on close");

        try (EmbeddedKafka kafka = EmbeddedKafka.start(new EmbeddedKafka.Options(dir, Map.of()))) {
            assertEquals(firstBootstrap, kafka.bootstrapServers());
            assertEquals(List.of("survivor"), consume(kafka, "kept", 1));
        }
    }

    @Test
    void stopAndRestartKeepDataAndPorts() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            createTopic(kafka, "restarted");
            produceTransactionally(kafka, "restarted", "tx-before", List.of("before"));

            kafka.stop();
            kafka.restart();

            assertEquals(bootstrap, kafka.bootstrapServers());
            produceTransactionally(kafka, "restarted", "tx-after", List.of("after"));
            assertEquals(List.of("before", "after"), consume(kafka, "restarted", 2));
        }
    }

    @Test
    void closeDeletesTemporaryDirAndIsIdempotent() {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        Path dir = kafka.dataDir();
        kafka.close();
        kafka.close();
        assertTrue(Files.notExists(dir), "temporary data dir is deleted on close");
    }

    private static void createTopic(EmbeddedKafka kafka, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(Set.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static void produceTransactionally(EmbeddedKafka kafka, String topic, String txId, List<String> values) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, txId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, value, value));
            }
            producer.commitTransaction();
        }
    }

    private static List<String> consume(EmbeddedKafka kafka, String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + topic + "-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + POLL_TIMEOUT.toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
