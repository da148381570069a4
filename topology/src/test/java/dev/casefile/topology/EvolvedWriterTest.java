package dev.casefile.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.demo.WorkedExample;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.topology.ingest.DeadLetters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Only the released versions of a contract schema are read: an upstream that adds a field to its own
 * copy of FeedbackEvent (a compatible change in Avro's terms) writes a fingerprint Casefile does not
 * know, and its records are dead letters whose reason names the fingerprint and the released ones.
 * (JSON with input.json.unknown.fields=ignore is the way to send fields of one's own.)
 */
class EvolvedWriterTest {

    @Test
    void aRecordWrittenWithAnEvolvedCopyOfTheSchemaIsADeadLetterNamingTheFingerprints() throws IOException {
        Schema current = FeedbackEvent.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        current.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field("surface_build", Schema.createUnion(Schema.create(Schema.Type.NULL),
                Schema.create(Schema.Type.STRING)), "Our own field.", JsonProperties.NULL_VALUE));
        Schema evolved = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);

        GenericRecord record = new GenericData.Record(evolved);
        FeedbackEvent feedback = WorkedExample.feedback();
        for (Schema.Field f : current.getFields()) {
            record.put(f.name(), GenericData.get().deepCopy(f.schema(), feedback.get(f.pos())));
        }
        record.put("occurred_at", feedback.getOccurredAt().toEpochMilli());
        record.put("surface_build", "b12");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), evolved).encode(record, bytes);

        try (TopologyHarness casefile = new TopologyHarness()) {
            casefile.rawFeedback(feedback.getFeedbackId().getBytes(StandardCharsets.UTF_8), bytes.toByteArray(),
                    feedback.getOccurredAt());
            List<TestRecord<byte[], byte[]>> letters = casefile.deadLetters();
            assertEquals(1, letters.size());
            String reason = DeadLetters.header(letters.get(0).headers(), DeadLetters.REASON);
            assertTrue(reason.matches(".*names writer schema fingerprint 0x[0-9a-f]{16}, which is not a released "
                    + "FeedbackEvent schema \\(released: v1 0xc3b6111398351ea4, v2 0xf30889288c10516e, v3 0x[0-9a-f]{16}\\).*"),
                    reason);
            assertEquals("unknown_schema", DeadLetters.header(letters.get(0).headers(), DeadLetters.CAUSE));
            assertTrue(casefile.view().isEmpty());
        }
    }
}
