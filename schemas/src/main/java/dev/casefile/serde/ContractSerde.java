package dev.casefile.serde;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A record of the contract on a topic that holds either encoding: it writes the one configured and
 * reads both, told apart record by record. A JSON object starts with {@code {}; anything else is
 * read by the Avro serde (single-object Avro starts with {@code C3 01}). The Avro serde's serializer
 * is only built when a record is first written as Avro.
 */
public final class ContractSerde<T extends SpecificRecord> implements Serde<T> {

    /** How records are written: {@code output.encoding}. */
    public enum Encoding {
        AVRO, JSON
    }

    private final Serde<T> avro;
    private final JsonRecordCodec<T> json;
    private final Encoding writes;

    /** The configured Avro serde's serializer, built the first time a record is written as Avro. */
    private volatile Serializer<T> avroWriter;

    public ContractSerde(Serde<T> avro, JsonRecordCodec<T> json, Encoding writes) {
        this.avro = Objects.requireNonNull(avro, "avro == null");
        this.json = Objects.requireNonNull(json, "json == null");
        this.writes = Objects.requireNonNull(writes, "writes == null");
    }

    @Override
    public Serializer<T> serializer() {
        if (writes == Encoding.JSON) {
            return (topic, value) -> value == null ? null : json.write(value);
        }
        return new Serializer<>() {
            @Override
            public byte[] serialize(String topic, T value) {
                return avroWriter().serialize(topic, value);
            }

            @Override
            public byte[] serialize(String topic, Headers headers, T value) {
                return avroWriter().serialize(topic, headers, value);
            }
        };
    }

    private Serializer<T> avroWriter() {
        Serializer<T> writer = avroWriter;
        if (writer == null) {
            synchronized (this) {
                writer = avroWriter;
                if (writer == null) {
                    writer = avro.serializer();
                    avroWriter = writer;
                }
            }
        }
        return writer;
    }

    @Override
    public Deserializer<T> deserializer() {
        Deserializer<T> avroReader = avro.deserializer();
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (JsonRecordCodec.looksLikeJsonObject(bytes)) {
                try {
                    return json.read(bytes);
                } catch (JsonContractException e) {
                    throw new UnreadableRecordException(UnreadableRecordException.of(e.rule()),
                            "JSON " + json.type().getSimpleName() + ": " + e.getMessage(), null);
                } catch (RuntimeException e) {
                    // A document the codec has no rule for: unreadable JSON all the same. The exception's own message
                    // may quote the document, so the reason names only its type.
                    throw new UnreadableRecordException(UnreadableRecordException.Kind.INVALID_JSON, "JSON "
                            + json.type().getSimpleName() + ": the record cannot be read (" + e.getClass().getName() + ")", e);
                }
            }
            try {
                return avroReader.deserialize(topic, bytes);
            } catch (SerializationException e) {
                if (e instanceof UnreadableRecordException u && u.kind() == UnreadableRecordException.Kind.NOT_JSON_OR_AVRO) {
                    throw new UnreadableRecordException(UnreadableRecordException.Kind.NOT_JSON_OR_AVRO, "a "
                            + json.type().getSimpleName() + " must be single-object Avro (marker C3 01) or a JSON object ({);"
                            + " the record (" + bytes.length + " bytes) starts with " + AvroSingleObjectSerde.start(bytes),
                            e.getCause());
                }
                throw e;
            }
        };
    }
}
