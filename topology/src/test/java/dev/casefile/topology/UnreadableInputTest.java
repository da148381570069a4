package dev.casefile.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.config.CasefileConfig;
import dev.casefile.demo.WorkedExample;
import dev.casefile.schema.ComplaintStatus;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.serde.RecordSerdes;
import dev.casefile.serde.SingleObjectRecordSerdes;
import dev.casefile.topology.ingest.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Records no reader can make sense of: each a dead letter with a clear reason, and the pipeline goes on. */
class UnreadableInputTest {

    /** The marker, a fingerprint of EE bytes, one byte of datum: what {@link ThrowingSerdes} chokes on. */
    static final byte[] POISON = {(byte) 0xC3, 0x01, (byte) 0xEE, (byte) 0xEE, (byte) 0xEE, (byte) 0xEE, (byte) 0xEE,
            (byte) 0xEE, (byte) 0xEE, (byte) 0xEE, 0x00};

    @Test
    void singleObjectAvroCutShortOfItsHeaderIsUnreadableAndSaysSo() {
        try (TopologyHarness casefile = new TopologyHarness()) {
            casefile.rawFeedback(utf8("fb_sess_918_07"), new byte[] {(byte) 0xC3, 0x01}, WorkedExample.FEEDBACK_AT);
            casefile.rawTicket(utf8("cs_441"), new byte[] {(byte) 0xC3, 0x01, 0x12, 0x34}, WorkedExample.FEEDBACK_AT);
            List<TestRecord<byte[], byte[]>> letters = casefile.deadLetters();
            assertEquals(List.of("unreadable", "unreadable"),
                    letters.stream().map(r -> DeadLetters.header(r.headers(), DeadLetters.CAUSE)).toList());
            assertEquals("a single-object Avro FeedbackEvent on topic feedback is cut short: 2 bytes, fewer than the 10"
                    + " of its header (the marker C3 01 and the writer schema's 8-byte fingerprint)",
                    DeadLetters.header(letters.get(0).headers(), DeadLetters.REASON));
            assertTrue(DeadLetters.header(letters.get(1).headers(), DeadLetters.REASON)
                    .startsWith("a single-object Avro SupportTicket on topic support-tickets is cut short: 4 bytes"));
            assertTrue(Arrays.equals(new byte[] {(byte) 0xC3, 0x01}, letters.get(0).value()), "the letter is the record, unchanged");

            casefile.spans(WorkedExample.spans(), WorkedExample.SERVED_AT);
            casefile.feedback(WorkedExample.feedback());
            assertEquals(ComplaintStatus.LINKED, casefile.view().values().iterator().next().getStatus());
        }
    }

    @Test
    void anUnexpectedExceptionWhileReadingIsAnUnreadableDeadLetterNotACrash() {
        try (TopologyHarness casefile = new TopologyHarness(Map.of(CasefileConfig.RECORD_SERDES, ThrowingSerdes.class.getName()))) {
            casefile.rawFeedback(utf8("fb_sess_918_07"), POISON, WorkedExample.FEEDBACK_AT);
            List<TestRecord<byte[], byte[]>> letters = casefile.deadLetters();
            assertEquals(1, letters.size());
            assertEquals("unreadable", DeadLetters.header(letters.get(0).headers(), DeadLetters.CAUSE));
            String reason = DeadLetters.header(letters.get(0).headers(), DeadLetters.REASON);
            assertTrue(reason.startsWith("the record cannot be read: unexpected java.lang.IllegalStateException at "), reason);
            assertFalse(reason.contains("pat@"), "the exception's message, which may quote the record, stays out: " + reason);

            casefile.spans(WorkedExample.spans(), WorkedExample.SERVED_AT);
            casefile.feedback(WorkedExample.feedback());
            assertEquals(ComplaintStatus.LINKED, casefile.view().values().iterator().next().getStatus());
        }
    }

    /** The default serdes, except that reading {@link #POISON} as a FeedbackEvent throws, as a buggy serde might. */
    public static final class ThrowingSerdes implements RecordSerdes {
        private final SingleObjectRecordSerdes serdes = new SingleObjectRecordSerdes();

        @Override
        @SuppressWarnings("unchecked")
        public <T extends SpecificRecord> Serde<T> forType(Class<T> type, boolean isKey) {
            Serde<T> serde = serdes.forType(type, isKey);
            if (type != FeedbackEvent.class) {
                return serde;
            }
            Deserializer<T> reader = serde.deserializer();
            return Serdes.serdeFrom(serde.serializer(), (topic, bytes) -> {
                if (Arrays.equals(bytes, POISON)) {
                    throw new IllegalStateException("cannot read the record of pat@acme.example");
                }
                return reader.deserialize(topic, bytes);
            });
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
