package dev.casefile.app;

import dev.casefile.schema.SpanRecord;
import dev.casefile.schema.internal.SpanLocation;
import dev.casefile.schema.internal.TraceFragment;
import dev.casefile.topology.ingest.InvalidSpanRecordException;
import dev.casefile.topology.ingest.OtlpSpanDecoder;
import dev.casefile.topology.query.SpanSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads spans back from the spans topic by partition and offset, with a consumer of its own (no
 * group, nothing committed), and decodes each record as ingest did, keeping only the asked trace's
 * spans. A record before the partition's start (deleted by retention) is missing; so is one not
 * fetched within the read timeout, which is logged. One read at a time: the trace stage and the
 * console each get their own source.
 */
public final class TopicSpanSource implements SpanSource, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicSpanSource.class);

    private final String topic;
    private final OtlpSpanDecoder decoder;
    private final Duration timeout;
    private final KafkaConsumer<byte[], byte[]> consumer;

    /** {@code clientProperties}: the application's Kafka client settings (bootstrap, security). */
    public TopicSpanSource(Map<String, Object> clientProperties, String clientId, String topic, OtlpSpanDecoder decoder,
                           Duration timeout) {
        this.topic = topic;
        this.decoder = decoder;
        this.timeout = timeout;
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 256 * 1024);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public synchronized Read read(String traceId, List<SpanLocation> locations) {
        List<SpanRecord> spans = new ArrayList<>();
        int missing = 0;
        for (SpanLocation location : locations) {
            Optional<byte[]> value = fetch(new TopicPartition(topic, location.getPartition()), location.getOffset());
            if (value.isEmpty()) {
                missing++;
                continue;
            }
            try {
                for (TraceFragment fragment : decoder.decode(value.get())) {
                    if (fragment.getTraceId().equals(traceId)) {
                        spans.addAll(fragment.getSpans());
                    }
                }
            } catch (InvalidSpanRecordException e) {
                // Ingest accepted this record; a record that no longer decodes was replaced under the same offset.
                LOG.warn("The spans record at {}-{} offset {} no longer decodes: {}", topic, location.getPartition(),
                        location.getOffset(), e.getMessage());
                missing++;
            }
        }
        return new Read(spans, missing);
    }

    /** The value of the record at {@code offset}, if it is still on the topic. */
    private Optional<byte[]> fetch(TopicPartition partition, long offset) {
        consumer.assign(List.of(partition));
        consumer.seek(partition, offset);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100)).records(partition)) {
                    if (record.offset() >= offset) {
                        return record.offset() == offset ? Optional.ofNullable(record.value()) : Optional.empty();
                    }
                }
                if (consumer.position(partition) > offset) {
                    return Optional.empty();
                }
            } catch (OffsetOutOfRangeException e) {
                return Optional.empty();
            }
        }
        LOG.warn("Reading {}-{} offset {} took longer than {} ms; its spans count as missing", topic,
                partition.partition(), offset, timeout.toMillis());
        return Optional.empty();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
