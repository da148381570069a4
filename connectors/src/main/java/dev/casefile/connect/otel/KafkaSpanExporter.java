package dev.casefile.connect.otel;

import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenTelemetry {@link SpanExporter} that writes spans to a Kafka topic exactly as the
 * OpenTelemetry Collector's Kafka exporter does: an OTLP {@code ExportTraceServiceRequest}, as
 * protobuf ({@code otlp_proto}, the default) or OTLP/JSON ({@code otlp_json}), marshaled by the SDK's
 * own OTLP code. With {@code partitionByTraceId} (the default, like the Collector's
 * {@code partition_traces_by_id: true}) each trace of a batch is one record keyed by its hex trace
 * id; without it a batch is one record with no key. For JVM apps that export without a Collector.
 */
public final class KafkaSpanExporter implements SpanExporter {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSpanExporter.class);

    /** How the OTLP request is written: the Collector Kafka exporter's {@code encoding} values. */
    public enum Encoding {
        OTLP_PROTO, OTLP_JSON
    }

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Encoding encoding;
    private final boolean partitionByTraceId;
    private final AtomicBoolean shutdown = new AtomicBoolean();

    KafkaSpanExporter(Producer<byte[], byte[]> producer, String topic, Encoding encoding, boolean partitionByTraceId) {
        this.producer = Objects.requireNonNull(producer, "producer == null");
        this.topic = Objects.requireNonNull(topic, "topic == null");
        this.encoding = Objects.requireNonNull(encoding, "encoding == null");
        this.partitionByTraceId = partitionByTraceId;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        if (shutdown.get()) {
            return CompletableResultCode.ofFailure();
        }
        if (spans.isEmpty()) {
            return CompletableResultCode.ofSuccess();
        }
        List<CompletableResultCode> sends = new ArrayList<>();
        try {
            for (Map.Entry<String, List<SpanData>> batch : batches(spans).entrySet()) {
                byte[] key = batch.getKey() == null ? null : batch.getKey().getBytes(StandardCharsets.UTF_8);
                CompletableResultCode sent = new CompletableResultCode();
                producer.send(new ProducerRecord<>(topic, key, marshal(batch.getValue())), (metadata, error) -> {
                    if (error == null) {
                        sent.succeed();
                    } else {
                        LOG.warn("Exporting {} spans to topic {} failed: {}", batch.getValue().size(), topic, error.toString());
                        sent.failExceptionally(error);
                    }
                });
                sends.add(sent);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Exporting {} spans to topic {} failed: {}", spans.size(), topic, e.toString());
            sends.add(CompletableResultCode.ofExceptionalFailure(e));
        }
        return CompletableResultCode.ofAll(sends);
    }

    @Override
    public CompletableResultCode flush() {
        producer.flush();
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        if (shutdown.compareAndSet(false, true)) {
            producer.flush();
            producer.close();
        }
        return CompletableResultCode.ofSuccess();
    }

    /** One batch per trace (keyed by hex trace id), or the whole export as one unkeyed batch. */
    private Map<String, List<SpanData>> batches(Collection<SpanData> spans) {
        Map<String, List<SpanData>> batches = new LinkedHashMap<>();
        for (SpanData span : spans) {
            batches.computeIfAbsent(partitionByTraceId ? span.getTraceId() : null, k -> new ArrayList<>()).add(span);
        }
        return batches;
    }

    private byte[] marshal(List<SpanData> spans) throws IOException {
        TraceRequestMarshaler request = TraceRequestMarshaler.create(spans);
        ByteArrayOutputStream out = new ByteArrayOutputStream(request.getBinarySerializedSize());
        if (encoding == Encoding.OTLP_JSON) {
            request.writeJsonTo(out);
        } else {
            request.writeBinaryTo(out);
        }
        return out.toByteArray();
    }

    /** Builds a {@link KafkaSpanExporter} with its own idempotent producer. */
    public static final class Builder {

        private final Map<String, Object> producerConfig = new HashMap<>();
        private String topic = "otlp_spans";
        private Encoding encoding = Encoding.OTLP_PROTO;
        private boolean partitionByTraceId = true;

        private Builder() {
            producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
            producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        }

        public Builder bootstrapServers(String bootstrapServers) {
            producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            return this;
        }

        /** Any further producer setting (security, compression, ...). */
        public Builder producerConfig(String key, Object value) {
            producerConfig.put(key, value);
            return this;
        }

        /** Default {@code otlp_spans}, the Collector Kafka exporter's default. */
        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        public Builder encoding(Encoding encoding) {
            this.encoding = encoding;
            return this;
        }

        public Builder partitionByTraceId(boolean partitionByTraceId) {
            this.partitionByTraceId = partitionByTraceId;
            return this;
        }

        public KafkaSpanExporter build() {
            if (!producerConfig.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
                throw new IllegalStateException("bootstrapServers is required");
            }
            return new KafkaSpanExporter(new KafkaProducer<>(producerConfig, new ByteArraySerializer(),
                    new ByteArraySerializer()), topic, encoding, partitionByTraceId);
        }
    }
}
