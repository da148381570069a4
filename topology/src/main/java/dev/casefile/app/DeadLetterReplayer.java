package dev.casefile.app;

import dev.casefile.config.CasefileConfig;
import dev.casefile.topology.ingest.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-publishes dead letters to the topic they came from, after a fix (a new Casefile that reads them,
 * or a corrected upstream). Each letter goes back unchanged, with its original headers and a
 * {@code casefile.dlq.replayed.from} header, in one transaction with the replayer's consumer offsets,
 * so a letter is replayed exactly once however often the command runs. It stops at the end of the
 * dead-letter topic as it was when it started.
 */
public final class DeadLetterReplayer {

    public static final String REPLAYED_FROM = "casefile.dlq.replayed.from";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReplayer.class);

    /** What one run did. */
    public record Result(int replayed, int skipped) {
    }

    private final CasefileConfig config;
    private final ReplayConfig replay;
    private final String bootstrapServers;

    public DeadLetterReplayer(CasefileConfig config, ReplayConfig replay, String bootstrapServers) {
        this.config = config;
        this.replay = replay;
        this.bootstrapServers = bootstrapServers;
    }

    public Result run() {
        String dlq = config.topicNames().deadLetters();
        int replayed = 0;
        int skipped = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(); KafkaProducer<byte[], byte[]> producer = producer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(dlq).stream()
                    .map(p -> new TopicPartition(dlq, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            producer.initTransactions();
            while (!reached(consumer, end)) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                producer.beginTransaction();
                for (ConsumerRecord<byte[], byte[]> letter : records) {
                    String source = DeadLetters.header(letter.headers(), DeadLetters.SOURCE_TOPIC);
                    if (source == null || (!replay.sourceTopic().isEmpty() && !replay.sourceTopic().equals(source))) {
                        skipped++;
                        continue;
                    }
                    producer.send(new ProducerRecord<>(source, null, letter.timestamp(), letter.key(), letter.value(),
                            replayHeaders(letter)));
                    replayed++;
                }
                producer.sendOffsetsToTransaction(nextOffsets(consumer, records.partitions()), consumer.groupMetadata());
                producer.commitTransaction();
            }
        }
        LOG.info("Replayed {} dead letters from {} ({} skipped)", replayed, dlq, skipped);
        return new Result(replayed, skipped);
    }

    /** The letter's own headers without the dead-letter ones, plus where it was replayed from. */
    private static RecordHeaders replayHeaders(ConsumerRecord<byte[], byte[]> letter) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : letter.headers()) {
            if (!header.key().startsWith("casefile.dlq.")) {
                headers.add(header);
            }
        }
        headers.add(REPLAYED_FROM, (letter.topic() + "-" + letter.partition() + "@" + letter.offset())
                .getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(KafkaConsumer<byte[], byte[]> consumer,
                                                                      Set<TopicPartition> partitions) {
        return partitions.stream().collect(Collectors.toMap(p -> p, p -> new OffsetAndMetadata(consumer.position(p))));
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> props = new HashMap<>(config.kafkaClientProperties(bootstrapServers));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, replay.groupId());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> props = new HashMap<>(config.kafkaClientProperties(bootstrapServers));
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, replay.groupId() + "-" + config.topicNames().deadLetters());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
