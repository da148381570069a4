package dev.casefile.serde;

import java.io.IOException;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.commons.io.output.UnsynchronizedByteArrayOutputStream;
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
 *
 * <p>Encoding is most of what Casefile's stream thread does, so two things keep it cheap. The
 * encoder writes into a per-thread {@link UnsynchronizedByteArrayOutputStream}: Avro's own
 * {@code encode(datum)} uses a {@code ByteArrayOutputStream}, whose every one-byte write takes a
 * lock (8.5% of the stream thread's samples in the full benchmark). And records whose generated
 * class has custom coders (those without logical types) are written by them rather than by
 * reflection on the schema.
 * The bytes are the same either way.
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

    /** Starts at 4 KiB and keeps what it grew to: a stream thread encodes one value at a time. */
    private static final ThreadLocal<UnsynchronizedByteArrayOutputStream> BUFFERS =
            ThreadLocal.withInitial(() -> UnsynchronizedByteArrayOutputStream.builder().setBufferSize(4096).get());

    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    public AvroSingleObjectSerde(Class<T> type) {
        this.type = Objects.requireNonNull(type, "type == null");
        SpecificData model = SpecificData.getForClass(type);
        model.setCustomCoders(true);
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
            UnsynchronizedByteArrayOutputStream buffer = BUFFERS.get();
            buffer.reset();
            encoder.encode(value, buffer);
            return buffer.toByteArray();
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
