package dev.casefile.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.RateKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** JSON of the contract, rule by rule: what is read, and what is refused with which reason. */
class JsonRecordCodecTest {

    private static final String BASE = "\"feedback_id\":\"fb_1\",\"workspace_id\":\"acme_eu\",\"label\":\"thumbs_down\"";
    private final JsonRecordCodec<FeedbackEvent> strict = new JsonRecordCodec<>(FeedbackEvent.class,
            JsonRecordCodec.UnknownFields.REJECT);

    @Test
    void timesAreIsoStringsOrEpochMilliseconds() throws JsonContractException {
        Instant at = Instant.parse("2026-05-21T09:14:33Z");
        assertEquals(at, read("{" + BASE + ",\"occurred_at\":\"2026-05-21T09:14:33Z\"}").getOccurredAt());
        assertEquals(at, read("{" + BASE + ",\"occurred_at\":\"2026-05-21T11:14:33+02:00\"}").getOccurredAt());
        assertEquals(at, read("{" + BASE + ",\"occurred_at\":" + at.toEpochMilli() + "}").getOccurredAt());
    }

    @Test
    void optionalFieldsMayBeNullOrAbsentAndMapsAreObjects() throws JsonContractException {
        FeedbackEvent e = read("{" + BASE + ",\"occurred_at\":0,\"session_id\":null,"
                + "\"evidence_tags\":{\"doc_version\":\"v17\"}}");
        assertNull(e.getSessionId());
        assertNull(e.getTurnId());
        assertEquals(Map.of("doc_version", "v17"), e.getEvidenceTags());
        assertEquals(Map.of(), e.getBusinessKeys(), "an absent map takes its default");
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("not JSON", "{\"feedback_id\":", JsonContractException.Rule.NOT_JSON,
                        "the record is not valid JSON"),
                Arguments.of("an array", "[1]", JsonContractException.Rule.NOT_JSON, "a FeedbackEvent must be a JSON object"),
                Arguments.of("two values", "{" + BASE + ",\"occurred_at\":0} {}", JsonContractException.Rule.NOT_JSON,
                        "the record"),
                Arguments.of("a required field missing", "{\"feedback_id\":\"fb_1\",\"occurred_at\":0,\"label\":\"x\"}",
                        JsonContractException.Rule.MISSING_FIELD, "field workspace_id is required (a string)"),
                Arguments.of("a required field null", "{" + BASE.replace("\"acme_eu\"", "null") + ",\"occurred_at\":0}",
                        JsonContractException.Rule.MISSING_FIELD, "field workspace_id is required (a string) and must not be null"),
                Arguments.of("a number for a string", "{" + BASE + ",\"occurred_at\":0,\"turn_id\":7}",
                        JsonContractException.Rule.WRONG_TYPE, "field turn_id must be a string, not a number"),
                Arguments.of("a string for a number", "{" + BASE + ",\"occurred_at\":0,\"score\":\"-1\"}",
                        JsonContractException.Rule.WRONG_TYPE, "field score must be a number, not a string"),
                Arguments.of("a map of numbers", "{" + BASE + ",\"occurred_at\":0,\"business_keys\":{\"order_id\":5}}",
                        JsonContractException.Rule.WRONG_TYPE, "field business_keys.order_id must be a string, not a number"),
                Arguments.of("an unparseable time", "{" + BASE + ",\"occurred_at\":\"yesterday\"}",
                        JsonContractException.Rule.BAD_TIME, "field occurred_at is not an ISO-8601 time"),
                Arguments.of("a fractional epoch", "{" + BASE + ",\"occurred_at\":1.5}",
                        JsonContractException.Rule.BAD_TIME, "field occurred_at must be an ISO-8601 time"),
                Arguments.of("an unknown field", "{" + BASE + ",\"occurred_at\":0,\"sesion_id\":\"s\"}",
                        JsonContractException.Rule.UNKNOWN_FIELD, "unknown field sesion_id: FeedbackEvent has no such field"),
                // Hostile numbers: valid JSON, but no double, no epoch milliseconds (Gson itself refuses some of them).
                Arguments.of("a score beyond a double", "{" + BASE + ",\"occurred_at\":0,\"score\":1e99999}",
                        JsonContractException.Rule.WRONG_TYPE, "field score must be a number a 64-bit double can hold"),
                Arguments.of("a score just beyond a double", "{" + BASE + ",\"occurred_at\":0,\"score\":-1.8e309}",
                        JsonContractException.Rule.WRONG_TYPE, "field score must be a number a 64-bit double can hold"),
                Arguments.of("a time of a huge exponent", "{" + BASE + ",\"occurred_at\":1e99999}",
                        JsonContractException.Rule.BAD_TIME, "field occurred_at must be an ISO-8601 time"),
                Arguments.of("a time of a tiny exponent", "{" + BASE + ",\"occurred_at\":1e-99999}",
                        JsonContractException.Rule.BAD_TIME, "field occurred_at must be an ISO-8601 time"),
                // Gson's reader refuses a run of digits this long before any field sees it.
                Arguments.of("a time of 10,001 digits", "{" + BASE + ",\"occurred_at\":" + "9".repeat(10_001) + "}",
                        JsonContractException.Rule.NOT_JSON, "the record is not valid JSON"),
                Arguments.of("a time beyond 64 bits", "{" + BASE + ",\"occurred_at\":9223372036854775808}",
                        JsonContractException.Rule.BAD_TIME, "field occurred_at must be an ISO-8601 time"));
    }

    @Test
    void aWholeNumberOfAHugeExponentIsOutOfRangeNotAnEscapingException() {
        JsonRecordCodec<RateKey> codec = new JsonRecordCodec<>(RateKey.class, JsonRecordCodec.UnknownFields.REJECT);
        for (String n : List.of("1e99999", "-1e99999", "1e-99999", "3.5", "9223372036854775808")) {
            String json = "{\"tag_key\":\"k\",\"tag_value\":\"v\",\"window_start\":0,\"window_size_ms\":" + n + "}";
            JsonContractException e = assertThrows(JsonContractException.class,
                    () -> codec.read(json.getBytes(StandardCharsets.UTF_8)), n);
            assertEquals(JsonContractException.Rule.WRONG_TYPE, e.rule(), n);
            assertEquals("field window_size_ms must be a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE,
                    e.getMessage(), n);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refuses(String name, String json, JsonContractException.Rule rule, String reason) {
        JsonContractException e = assertThrows(JsonContractException.class, () -> read(json));
        assertEquals(rule, e.rule());
        assertTrue(e.getMessage().startsWith(reason), e.getMessage());
    }

    @Test
    void unknownFieldsCanBeIgnored() throws JsonContractException {
        JsonRecordCodec<FeedbackEvent> lenient = new JsonRecordCodec<>(FeedbackEvent.class, JsonRecordCodec.UnknownFields.IGNORE);
        FeedbackEvent e = lenient.read(("{" + BASE + ",\"occurred_at\":0,\"our_own\":{\"x\":1}}").getBytes(StandardCharsets.UTF_8));
        assertEquals("fb_1", e.getFeedbackId());
    }

    @Test
    void aReasonNeverRepeatsAValue() {
        JsonContractException e = assertThrows(JsonContractException.class,
                () -> read("{" + BASE + ",\"occurred_at\":\"pat@acme.example\",\"complaint_text\":\"secret\"}"));
        assertTrue(!e.getMessage().contains("pat@") && !e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void writtenRecordsReadBackTheSame() throws JsonContractException {
        JsonRecordCodec<LinkedComplaint> codec = new JsonRecordCodec<>(LinkedComplaint.class, JsonRecordCodec.UnknownFields.REJECT);
        LinkedComplaint c = LinkedComplaint.newBuilder().setComplaintId("cmp-1").setWorkspaceId("w")
                .setFirstReportedAt(Instant.parse("2026-05-21T09:14:33.123Z")).build();
        String json = new String(codec.write(c), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"first_reported_at\":\"2026-05-21T09:14:33.123Z\""), json);
        assertEquals(c, codec.read(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void onlyJsonObjectsLookLikeJson() {
        assertTrue(JsonRecordCodec.looksLikeJsonObject(" \n{".getBytes(StandardCharsets.UTF_8)));
        assertTrue(!JsonRecordCodec.looksLikeJsonObject(new byte[] {(byte) 0xC3, 0x01}));
        assertTrue(!JsonRecordCodec.looksLikeJsonObject("[{}]".getBytes(StandardCharsets.UTF_8)));
    }

    private FeedbackEvent read(String json) throws JsonContractException {
        return strict.read(json.getBytes(StandardCharsets.UTF_8));
    }
}
