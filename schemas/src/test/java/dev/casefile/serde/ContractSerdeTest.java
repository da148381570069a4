package dev.casefile.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.schema.RateKey;
import dev.casefile.schema.fixture.UnsupportedField;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/** Either encoding on one topic: what is written, and what a record that cannot be read becomes. */
class ContractSerdeTest {

    private static final RateKey KEY = new RateKey("doc_version", "v17", Instant.parse("2026-05-21T09:00:00Z"), 3_600_000L);

    @Test
    void theAvroSerializerIsBuiltOnlyWhenARecordIsFirstWrittenAsAvro() {
        CountingSerde<RateKey> avro = new CountingSerde<>(new AvroSingleObjectSerde<>(RateKey.class));
        JsonRecordCodec<RateKey> json = new JsonRecordCodec<>(RateKey.class, JsonRecordCodec.UnknownFields.IGNORE);

        Serializer<RateKey> jsonWriter = new ContractSerde<>(avro, json, ContractSerde.Encoding.JSON).serializer();
        assertTrue(new String(jsonWriter.serialize("t", KEY), StandardCharsets.UTF_8).startsWith("{"));
        assertEquals(0, avro.serializers.get(), "writing JSON never builds the Avro serializer");

        Serializer<RateKey> avroWriter = new ContractSerde<>(avro, json, ContractSerde.Encoding.AVRO).serializer();
        assertEquals(0, avro.serializers.get(), "not before the first record");
        byte[] first = avroWriter.serialize("t", KEY);
        avroWriter.serialize("t", KEY);
        assertEquals(1, avro.serializers.get(), "built once");
        assertEquals((byte) 0xC3, first[0]);
    }

    @Test
    void anyRuntimeExceptionReadingJsonIsInvalidJsonNamingTheTypeNotTheValue() {
        Serde<UnsupportedField> avro = new CountingSerde<>(new AvroSingleObjectSerde<>(UnsupportedField.class));
        Deserializer<UnsupportedField> reader = new ContractSerde<>(avro,
                new JsonRecordCodec<>(UnsupportedField.class, JsonRecordCodec.UnknownFields.REJECT),
                ContractSerde.Encoding.AVRO).deserializer();
        UnreadableRecordException e = assertThrows(UnreadableRecordException.class,
                () -> reader.deserialize("t", "{\"blob\": \"pat@acme.example\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(UnreadableRecordException.Kind.INVALID_JSON, e.kind());
        assertEquals("JSON UnsupportedField: the record cannot be read (java.lang.IllegalStateException)", e.getMessage());
        assertNotNull(e.getCause());
    }

    /** A serde that counts how often its serializer is asked for. */
    private static final class CountingSerde<T extends SpecificRecord> implements Serde<T> {
        final AtomicInteger serializers = new AtomicInteger();
        private final Serde<T> inner;

        CountingSerde(Serde<T> inner) {
            this.inner = inner;
        }

        @Override
        public Serializer<T> serializer() {
            serializers.incrementAndGet();
            return inner.serializer();
        }

        @Override
        public Deserializer<T> deserializer() {
            return inner.deserializer();
        }
    }
}
