package dev.casefile.serde;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
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

    static {
        TrustedRecords.install();
    }

    /** The single-object marker, {@code C3 01}. */
    private static final byte[] MARKER = {(byte) 0xC3, (byte) 0x01};
    /** The marker and the 8-byte fingerprint before every datum. */
    private static final int HEADER_BYTES = 10;

    /** Starts at 4 KiB and keeps what it grew to: a stream thread encodes one value at a time. */
    private static final ThreadLocal<UnsynchronizedByteArrayOutputStream> BUFFERS =
            ThreadLocal.withInitial(() -> UnsynchronizedByteArrayOutputStream.builder().setBufferSize(4096).get());

    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;
    /** The released versions this decoder reads, as {@code v1 0x<fingerprint>}, for error messages. */
    private final String released;

    public AvroSingleObjectSerde(Class<T> type) {
        this.type = Objects.requireNonNull(type, "type == null");
        SpecificData model = SpecificData.getForClass(type);
        model.setCustomCoders(true);
        Schema current = model.getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(model, current);
        this.decoder = new BinaryMessageDecoder<>(model, current);
        List<String> versions = new ArrayList<>();
        List<Schema> history = SchemaHistory.released(current.getName());
        for (int v = 0; v < history.size(); v++) {
            decoder.addSchema(history.get(v));
            versions.add("v" + (v + 1) + " " + fingerprintHex(history.get(v)));
        }
        this.released = versions.isEmpty() ? "current " + fingerprintHex(current) : String.join(", ", versions);
    }

    /**
     * A schema's single-object fingerprint, the CRC-64-AVRO of its parsing canonical form, as 16 hex digits of the
     * 64-bit number (on the wire its 8 bytes follow the marker C3 01 least significant first).
     */
    public static String fingerprintHex(Schema schema) {
        return String.format("0x%016x", SchemaNormalization.parsingFingerprint64(schema));
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
        if (bytes.length < HEADER_BYTES && startsLikeTheMarker(bytes)) {
            // Avro's decoder calls this a bad header; it is the right start, cut short.
            throw new UnreadableRecordException(UnreadableRecordException.Kind.UNREADABLE_AVRO, "a single-object Avro "
                    + type.getSimpleName() + " on topic " + topic + " is cut short: " + bytes.length + " bytes, fewer than the "
                    + HEADER_BYTES + " of its header (the marker C3 01 and the writer schema's 8-byte fingerprint)", null);
        }
        try {
            return decoder.decode(bytes);
        } catch (BadHeaderException e) {
            throw new UnreadableRecordException(UnreadableRecordException.Kind.NOT_JSON_OR_AVRO, "a record on topic " + topic
                    + " is not a single-object Avro " + type.getSimpleName() + ": its " + bytes.length + " bytes start with "
                    + start(bytes) + ", not the marker C3 01", e);
        } catch (MissingSchemaException e) {
            throw new UnreadableRecordException(UnreadableRecordException.Kind.UNKNOWN_SCHEMA, "a single-object Avro record on"
                    + " topic " + topic + " names writer schema fingerprint " + wireFingerprint(bytes) + ", which is not a"
                    + " released " + type.getSimpleName() + " schema (released: " + released + "); write with a released"
                    + " version (schemas/contract/" + type.getSimpleName() + ".avsc), or send JSON", e);
        } catch (IOException | RuntimeException e) {
            throw new UnreadableRecordException(UnreadableRecordException.Kind.UNREADABLE_AVRO, "a single-object Avro "
                    + type.getSimpleName() + " on topic " + topic + " cannot be read (" + bytes.length + " bytes): "
                    + e.getMessage(), e);
        }
    }

    /** Whether {@code bytes} are the marker C3 01, or its first byte alone. */
    private static boolean startsLikeTheMarker(byte[] bytes) {
        return bytes.length >= 1 && bytes[0] == MARKER[0] && (bytes.length == 1 || bytes[1] == MARKER[1]);
    }

    /** The first bytes of a record, in hex. */
    static String start(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(2, bytes.length); i++) {
            out.append(i == 0 ? "" : " ").append(String.format("0x%02X", bytes[i]));
        }
        return bytes.length == 0 ? "nothing" : out.toString();
    }

    /** The fingerprint a single-object record names (the 8 bytes after the marker, least significant first). */
    private static String wireFingerprint(byte[] bytes) {
        long fp = 0;
        for (int i = HEADER_BYTES - 1; i >= 2 && bytes.length >= HEADER_BYTES; i--) {
            fp = (fp << 8) | (bytes[i] & 0xFF);
        }
        return bytes.length >= HEADER_BYTES ? String.format("0x%016x", fp) : "cut short";
    }
}
