package dev.casefile.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.schema.ComplaintStatus;
import dev.casefile.schema.ConsoleAgentSource;
import dev.casefile.schema.ConsoleAudit;
import dev.casefile.schema.EvidenceTag;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.LinkMethod;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.SupportTicket;
import dev.casefile.schema.TraceSummary;
import dev.casefile.schema.TurnKey;
import dev.casefile.schema.internal.IndexEntry;
import dev.casefile.schema.internal.IndexHit;
import dev.casefile.schema.internal.IndexKind;
import dev.casefile.schema.internal.IndexSource;
import dev.casefile.schema.internal.IndexUpdate;
import dev.casefile.schema.internal.RateContribution;
import dev.casefile.schema.internal.RateCount;
import dev.casefile.schema.internal.RateDelta;
import dev.casefile.schema.internal.RateDeltas;
import dev.casefile.schema.internal.RateWindow;
import dev.casefile.schema.internal.TraceDigest;
import dev.casefile.schema.internal.TraceView;
import dev.casefile.schema.internal.ValueDelta;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSingleObjectSerdeTest {

    private static final Instant AT = Instant.parse("2026-05-21T09:14:33Z");

    private final RecordSerdes serdes = new SingleObjectRecordSerdes();

    @Test
    void feedbackEventRoundTrips() {
        FeedbackEvent event = FeedbackEvent.newBuilder()
                .setFeedbackId("fb_1").setOccurredAt(AT).setWorkspaceId("acme_eu")
                .setSessionId("sess_918").setTurnId("07").setTraceId("tr_9021")
                .setLabel("wrong_policy_answer").setScore(-1.0)
                .setComplaintText("Agent said annual contracts are refundable anytime.")
                .setEvidenceTags(Map.of("prompt_version", "refund-v3"))
                .setBusinessKeys(Map.of("order_id", "ord_77"))
                .build();
        assertEquals(event, roundTrip(FeedbackEvent.class, event));
    }

    @Test
    void supportTicketRoundTrips() {
        SupportTicket ticket = SupportTicket.newBuilder()
                .setTicketId("cs_441").setOpenedAt(AT).setUpdatedAt(AT).setStatus("open")
                .setWorkspaceId("acme_eu").setRequesterEmail("pat@acme.example")
                .setBusinessKeys(Map.of("order_id", "ord_77")).setSubject("Wrong refund answer")
                .build();
        assertEquals(ticket, roundTrip(SupportTicket.class, ticket));
    }

    @Test
    void linkedComplaintRoundTrips() {
        LinkedComplaint complaint = LinkedComplaint.newBuilder()
                .setComplaintId("cmp-1").setStatus(ComplaintStatus.LINKED)
                .setLinkMethod(LinkMethod.CAPTURED_TRACE_ID).setWorkspaceId("acme_eu")
                .setSessionId("sess_918").setTurnId("07").setTraceId("tr_9021")
                .setTicketIds(List.of("cs_441")).setFeedbackIds(List.of("fb_1"))
                .setLabels(List.of("wrong_policy_answer"))
                .setEvidenceTags(List.of(new EvidenceTag("doc_version", "v17", "retrieve.policy_docs", "0a")))
                .setFirstReportedAt(AT).setLinkedAt(AT).setInteractionAt(AT)
                .setTraceSummary(TraceSummary.newBuilder().setRootSpanName("chat.turn").setSpanCount(3).build())
                .setRevision(2)
                .build();
        assertEquals(complaint, roundTrip(LinkedComplaint.class, complaint));
    }

    @Test
    void consoleAuditRoundTrips() {
        ConsoleAudit audit = ConsoleAudit.newBuilder().setAgentName("pat").setAgentSource(ConsoleAgentSource.PROXY)
                .setRouteTemplate("/api/complaints/{id}").setComplaintId("cmp-1").setWorkspaceId("acme_eu")
                .setInstance("casefile-0:8470").setOpenedAt(AT).build();
        assertEquals(audit, roundTrip(ConsoleAudit.class, audit));
        assertNull(audit.getTraceId(), "optional ids default to null");
    }

    @Test
    void readsFeedbackWrittenWithTheFirstReleasedSchema() throws Exception {
        Schema v1 = SchemaHistory.released("FeedbackEvent").get(0);
        GenericRecord old = new GenericData.Record(v1);
        old.put("feedback_id", "fb_old");
        old.put("occurred_at", AT.toEpochMilli());
        old.put("workspace_id", "acme_eu");
        old.put("session_id", "sess_918");
        old.put("turn_id", "07");
        old.put("trace_id", null);
        old.put("surface", "web_chat");
        old.put("label", "thumbs_down");
        old.put("complaint_text", null);
        byte[] written = toBytes(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old));

        FeedbackEvent read = serdes.forType(FeedbackEvent.class, false).deserializer().deserialize("feedback", written);

        assertEquals("fb_old", read.getFeedbackId());
        assertEquals(AT, read.getOccurredAt());
        assertEquals("web_chat", read.getSurface());
        assertNull(read.getScore(), "a field added after v1 takes its default");
        assertEquals(Map.of(), read.getEvidenceTags());
        assertEquals(Map.of(), read.getBusinessKeys());
    }

    @Test
    void newestReleasedSchemaIsTheCurrentOneForEveryContractRecord() {
        // A contract change must be released: add history/<Name>/v<N+1>.avsc beside the older ones.
        for (Schema current : List.of(FeedbackEvent.getClassSchema(), SupportTicket.getClassSchema(),
                LinkedComplaint.getClassSchema(), dev.casefile.schema.ComplaintRate.getClassSchema(),
                ConsoleAudit.getClassSchema())) {
            List<Schema> released = SchemaHistory.released(current.getName());
            assertTrue(!released.isEmpty(), current.getName() + " has no released version");
            assertEquals(current, released.get(released.size() - 1), current.getName() + " changed without a release");
        }
    }

    @Test
    void nullIsATombstoneBothWays() {
        var serde = serdes.forType(FeedbackEvent.class, false);
        assertNull(serde.serializer().serialize("feedback", null));
        assertNull(serde.deserializer().deserialize("feedback", null));
    }

    @Test
    void unreadableBytesFailWithTheTopicAndTypeInTheMessage() {
        var deserializer = serdes.forType(FeedbackEvent.class, false).deserializer();
        SerializationException e = assertThrows(SerializationException.class,
                () -> deserializer.deserialize("feedback", "{\"not\":\"avro\"}".getBytes()));
        assertTrue(e.getMessage().contains("feedback") && e.getMessage().contains("FeedbackEvent"), e.getMessage());
    }

    @Test
    void aRecordCutShortOfItsHeaderIsUnreadableAvroSayingSo() {
        var deserializer = serdes.forType(FeedbackEvent.class, false).deserializer();
        for (byte[] bytes : List.of(new byte[] {(byte) 0xC3, 0x01}, new byte[] {(byte) 0xC3},
                new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7})) {
            UnreadableRecordException e = assertThrows(UnreadableRecordException.class,
                    () -> deserializer.deserialize("feedback", bytes));
            assertEquals(UnreadableRecordException.Kind.UNREADABLE_AVRO, e.kind());
            assertEquals("a single-object Avro FeedbackEvent on topic feedback is cut short: " + bytes.length + " bytes,"
                    + " fewer than the 10 of its header (the marker C3 01 and the writer schema's 8-byte fingerprint)",
                    e.getMessage());
        }
        // Neither JSON nor the marker: still the other kind.
        assertEquals(UnreadableRecordException.Kind.NOT_JSON_OR_AVRO, assertThrows(UnreadableRecordException.class,
                () -> deserializer.deserialize("feedback", new byte[] {0x01, (byte) 0xC3})).kind());
    }

    @Test
    void singleObjectEncodingStartsWithTheMarkerAndTheFingerprint() {
        FeedbackEvent event = FeedbackEvent.newBuilder().setFeedbackId("fb").setOccurredAt(AT)
                .setWorkspaceId("w").setLabel("l").build();
        byte[] bytes = serdes.forType(FeedbackEvent.class, false).serializer().serialize("feedback", event);
        assertArrayEquals(new byte[] {(byte) 0xC3, (byte) 0x01}, new byte[] {bytes[0], bytes[1]});
        long fingerprint = org.apache.avro.SchemaNormalization.parsingFingerprint64(FeedbackEvent.getClassSchema());
        assertEquals(fingerprint, ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong());
    }

    @Test
    void writesTheSameBytesAsAvrosOwnEncoderWithoutCustomCoders() throws Exception {
        // The serde turns on custom coders (for records without logical types) and writes through its own buffer;
        // the bytes must be exactly those of Avro's reflective writer, with custom coders off.
        TurnKey turn = new TurnKey("acme_eu", "sess_918", "07");
        IndexEntry home = new IndexEntry(IndexKind.TRACE, "tr_9021");
        IndexUpdate update = new IndexUpdate("acme_eu", "trace:tr_9021", home, turn, "tr_9021",
                List.of(home, new IndexEntry(IndexKind.BUSINESS, "order_id=ord_77")));
        IndexUpdate deleted = new IndexUpdate("acme_eu", "feedback:fb_1", new IndexEntry(IndexKind.FEEDBACK, "fb_1"), null,
                null, List.of());
        assertSameBytes(TurnKey.class, turn);
        assertSameBytes(IndexHit.class, new IndexHit(turn, "tr_9021", null));
        assertSameBytes(IndexHit.class, new IndexHit(turn, null, null));
        assertSameBytes(IndexHit.class, new IndexHit(turn, "tr_9021", new IndexSource(update, AT.toEpochMilli())));
        assertSameBytes(IndexUpdate.class, update);
        assertSameBytes(IndexUpdate.class, deleted);
        assertSameBytes(IndexSource.class, new IndexSource(update, AT.toEpochMilli()));
        TraceDigest digest = TraceDigest.newBuilder().setRootSpanName("chat.turn").setSpanCount(3).setErrorSpanCount(1)
                .setErrorSpans(List.of("tool.crm_lookup")).setStartedAt(AT.toEpochMilli()).setDurationMs(2_300L).build();
        assertSameBytes(TraceDigest.class, digest);
        assertSameBytes(TraceDigest.class, TraceDigest.newBuilder().build());
        assertSameBytes(TraceView.class, TraceView.newBuilder().setTraceId("0af7651916cd43dd8448eb211c80319c")
                .setAliases(List.of("tr_9021")).setTurn(turn).setSummary(digest)
                .setEvidenceTags(List.of(new EvidenceTag("doc_version", "v17", "retrieve.policy_docs", "0a")))
                .setBusinessKeys(Map.of("order_id", "ord_77")).build());
        RateContribution contribution = new RateContribution(AT.toEpochMilli(), Map.of("doc_version", "v17"), true);
        assertSameBytes(RateContribution.class, contribution);
        RateDelta delta = new RateDelta("doc_version", 3_600_000L, AT.toEpochMilli() - 1_281_000L,
                List.of(new ValueDelta("v17", 1L, 1L), new ValueDelta("v18", 0L, -1L)));
        assertSameBytes(RateDelta.class, delta);
        assertSameBytes(RateDeltas.class, new RateDeltas(List.of(delta)));
        assertSameBytes(RateWindow.class, new RateWindow("doc_version", 3_600_000L, AT.toEpochMilli() - 1_281_000L,
                Map.of("v17", new RateCount(1L, 4L), "__other__", new RateCount(0L, 2L)), List.of(-7L, 42L), true));
        assertSameBytes(LinkedComplaint.class, LinkedComplaint.newBuilder()
                .setComplaintId("cmp-1").setStatus(ComplaintStatus.LINKED)
                .setLinkMethod(LinkMethod.CAPTURED_TRACE_ID).setWorkspaceId("acme_eu")
                .setSessionId("sess_918").setTurnId("07").setTraceId("tr_9021")
                .setTicketIds(List.of("cs_441")).setFeedbackIds(List.of("fb_1")).setLabels(List.of("wrong_policy_answer"))
                .setEvidenceTags(List.of(new EvidenceTag("doc_version", "v17", "retrieve.policy_docs", "0a")))
                .setFirstReportedAt(AT).setLinkedAt(AT).setInteractionAt(AT)
                .setTraceSummary(TraceSummary.newBuilder().setRootSpanName("chat.turn").setSpanCount(3).build())
                .build());
    }

    private <T extends org.apache.avro.specific.SpecificRecord> void assertSameBytes(Class<T> type, T value) throws Exception {
        SpecificData reference = new SpecificData();
        reference.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        reference.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        assertTrue(!reference.useCustomCoders(), "the reference writes reflectively");
        byte[] expected = toBytes(new BinaryMessageEncoder<T>(reference, value.getSchema()).encode(value));
        byte[] actual = serdes.forType(type, false).serializer().serialize("t", value);
        assertArrayEquals(expected, actual, type.getSimpleName());
        assertEquals(value, serdes.forType(type, false).deserializer().deserialize("t", actual));
    }

    private <T extends org.apache.avro.specific.SpecificRecord> T roundTrip(Class<T> type, T value) {
        var serde = serdes.forType(type, false);
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", value));
    }

    private static byte[] toBytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
