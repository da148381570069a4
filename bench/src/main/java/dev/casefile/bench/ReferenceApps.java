package dev.casefile.bench;

import dev.casefile.config.TopicNames;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.SupportTicket;
import dev.casefile.serde.RecordSerdes;
import dev.casefile.topology.ingest.InvalidSpanRecordException;
import dev.casefile.topology.ingest.OtlpSpanDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The apps Casefile is measured against. Each is a Kafka Streams app that reads Casefile's three
 * input topics and writes every record, unchanged (key, value, timestamp, headers), to one output
 * topic, with Casefile's exactly-once settings:
 * <ul>
 *   <li>{@code passthrough}: nothing else. The ceiling of the machine.</li>
 *   <li>{@code decoding}: also decodes each record as Casefile must (OTLP spans with Casefile's span
 *   decoder and mapping, feedback and tickets as Avro). The cost of reading the input.</li>
 *   <li>{@code storing}: also puts each decoded record, as received, into a persistent store with a
 *   changelog (Casefile's RocksDB settings), under the trace id of each trace it holds (spans) or its
 *   record key. The least state any design keeps that must find a trace later: one store write and
 *   one changelog record per input record, and no read, no encoding, no repartition.</li>
 * </ul>
 */
final class ReferenceApps {

    static final String STORE = "reference-store";

    private ReferenceApps() {
    }

    /** The topology of reference app {@code app} over Casefile's topics, decoding as {@code decoder} and {@code serdes} do. */
    static Topology build(String app, TopicNames topics, OtlpSpanDecoder decoder, RecordSerdes serdes) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<byte[], byte[]> copies;
        if (app.equals("passthrough")) {
            copies = builder.stream(List.of(topics.spans(), topics.feedback(), topics.tickets()),
                    Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("passthrough-source"));
        } else if (app.equals("decoding") || app.equals("storing")) {
            boolean storing = app.equals("storing");
            if (storing) {
                builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE),
                        Serdes.ByteArray(), Serdes.ByteArray()).withCachingDisabled());
            }
            Deserializer<FeedbackEvent> feedback = serdes.forType(FeedbackEvent.class, false).deserializer();
            Deserializer<SupportTicket> tickets = serdes.forType(SupportTicket.class, false).deserializer();
            copies = decoded(builder, topics.spans(), "spans", storing, (key, value) -> traceIds(decoder, value))
                    .merge(decoded(builder, topics.feedback(), "feedback", storing, (key, value) -> recordKey(feedback, key, value)),
                            Named.as("merge-feedback"))
                    .merge(decoded(builder, topics.tickets(), "tickets", storing, (key, value) -> recordKey(tickets, key, value)),
                            Named.as("merge-tickets"));
        } else {
            throw new IllegalArgumentException("Unknown reference app " + app);
        }
        copies.to(topics.linkedComplaints(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(app + "-sink"));
        return builder.build();
    }

    private static KStream<byte[], byte[]> decoded(StreamsBuilder builder, String topic, String name, boolean storing,
                                                   BiFunction<byte[], byte[], List<byte[]>> storeKeys) {
        return builder.stream(topic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(name + "-source"))
                .processValues(() -> new Decode(storing, storeKeys), Named.as("decode-" + name),
                        storing ? new String[] {STORE} : new String[0]);
    }

    /** The trace ids of an OTLP record's traces; none when it cannot be decoded. */
    private static List<byte[]> traceIds(OtlpSpanDecoder decoder, byte[] value) {
        try {
            return decoder.decode(value).stream().map(f -> f.getTraceId().getBytes(StandardCharsets.UTF_8)).toList();
        } catch (InvalidSpanRecordException e) {
            return List.of();
        }
    }

    /** The record's key once the value decodes as Avro; none when it does not, or has no key. */
    private static List<byte[]> recordKey(Deserializer<?> deserializer, byte[] key, byte[] value) {
        try {
            deserializer.deserialize("", value);
            return key == null ? List.of() : List.of(key);
        } catch (SerializationException e) {
            return List.of();
        }
    }

    /** Decodes each record (its store keys come from decoding) and, when storing, puts it under each; forwards it unchanged. */
    private static final class Decode extends ContextualFixedKeyProcessor<byte[], byte[], byte[]> {
        private final boolean storing;
        private final BiFunction<byte[], byte[], List<byte[]>> storeKeys;
        private KeyValueStore<byte[], byte[]> store;

        Decode(boolean storing, BiFunction<byte[], byte[], List<byte[]>> storeKeys) {
            this.storing = storing;
            this.storeKeys = storeKeys;
        }

        @Override
        public void init(FixedKeyProcessorContext<byte[], byte[]> context) {
            super.init(context);
            if (storing) {
                store = context.getStateStore(STORE);
            }
        }

        @Override
        public void process(FixedKeyRecord<byte[], byte[]> record) {
            if (record.value() != null) {
                List<byte[]> keys = storeKeys.apply(record.key(), record.value());
                if (storing) {
                    keys.forEach(key -> store.put(key, record.value()));
                }
            }
            context().forward(record);
        }
    }
}
