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
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads spans back from the spans topic by partition and offset, with a consumer of its own (no
 * group, nothing committed), and decodes each record as ingest did, keeping only the asked trace's
 * spans. A record before the partition's start (deleted by retention) is missing; so is every record
 * not fetched within one read's time budget (kept below the transaction timeout, as the trace stage
 * reads on the stream thread), which is logged. One read at a time: the trace stage and the console
 * each get their own source.
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
        int unread = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        for (SpanLocation location : locations) {
            Fetched fetched = fetch(new TopicPartition(topic, location.getPartition()), location.getOffset(), deadline);
            if (!(fetched instanceof Fetched.Found found) || found.value() == null) {
                missing++;
                unread += fetched instanceof Fetched.Unread ? 1 : 0;
                continue;
            }
            try {
                for (TraceFragment fragment : decoder.decode(found.value())) {
                    if (fragment.getTraceId().equals(traceId)) {
                        spans.addAll(fragment.getSpans());
                    }
                }
            } catch (InvalidSpanRecordException e) {
                // Ingest accepted this record: it no longer decodes only if span settings changed since.
                LOG.warn("The spans record at {}-{} offset {} no longer decodes with the current span settings: {}", topic,
                        location.getPartition(), location.getOffset(), e.getMessage());
                missing++;
            }
        }
        if (unread > 0) {
            LOG.warn("{} of {} spans-topic records were not read within {} ms; their spans are left out", unread,
                    locations.size(), timeout.toMillis());
        }
        return new Read(spans, missing);
    }

    /** What fetching one record found: its value, nothing (gone, past retention), or no answer in time. */
    private sealed interface Fetched {
        record Found(byte[] value) implements Fetched {
        }

        record Gone() implements Fetched {
        }

        record Unread() implements Fetched {
        }
    }

    /** The record at {@code offset}: found, gone (before the partition's start, or skipped), or not read by {@code deadline}. */
    private Fetched fetch(TopicPartition partition, long offset, long deadline) {
        try {
            consumer.assign(List.of(partition));
            consumer.seek(partition, offset);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100)).records(partition)) {
                    if (record.offset() >= offset) {
                        return record.offset() == offset ? new Fetched.Found(record.value()) : new Fetched.Gone();
                    }
                }
                if (consumer.position(partition, Duration.ofMillis(100)) > offset) {
                    return new Fetched.Gone();
                }
            }
        } catch (InvalidOffsetException e) {
            return new Fetched.Gone();
        } catch (WakeupException | TimeoutException e) {
            return new Fetched.Unread();
        }
        return new Fetched.Unread();
    }

    /** Ends a read in progress (it counts what it did not read as missing), then closes the consumer. */
    @Override
    public void close() {
        consumer.wakeup();
        synchronized (this) {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }
}
