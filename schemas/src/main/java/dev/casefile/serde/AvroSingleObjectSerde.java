package dev.casefile.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro single-object encoding (a two-byte marker, the writer schema's 64-bit fingerprint, then the
 * binary datum), written and read with Avro's own {@link BinaryMessageEncoder} and
 * {@link BinaryMessageDecoder}. The decoder knows every released version of the schema (see
 * {@link SchemaHistory}), so records from older writers stay readable. A null value is a
 * tombstone both ways.
 */
public final class AvroSingleObjectSerde<T extends SpecificRecord> implements Serde<T> {

    private static final String GENERATED_PACKAGE = "dev.casefile.schema.";

    static {
        // Avro 1.12 refuses to instantiate classes it was not told to trust; trust Casefile's
        // generated records (and only them) on top of whatever the JVM already trusts.
        ClassSecurityValidator.ClassSecurityPredicate before = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(before,
                type -> type.getName().startsWith(GENERATED_PACKAGE)));
    }

    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    public AvroSingleObjectSerde(Class<T> type) {
        this.type = Objects.requireNonNull(type, "type == null");
        SpecificData model = SpecificData.getForClass(type);
        Schema current = model.getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(model, current);
        this.decoder = new BinaryMessageDecoder<>(model, current);
        for (Schema released : SchemaHistory.released(current.getName())) {
            decoder.addSchema(released);
        }
    }

    public Class<T> type() {
        return type;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : encode(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(topic, bytes);
    }

    private byte[] encode(T value) {
        try {
            ByteBuffer buffer = encoder.encode(value);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot encode " + type.getSimpleName() + " as Avro single-object", e);
        }
    }

    private T decode(String topic, byte[] bytes) {
        try {
            return decoder.decode(bytes);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Record on topic " + topic + " is not a readable Avro single-object "
                    + type.getSimpleName() + " (" + bytes.length + " bytes): " + e.getMessage(), e);
        }
    }
}
