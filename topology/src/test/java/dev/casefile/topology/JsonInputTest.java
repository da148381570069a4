package dev.casefile.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.config.CasefileConfig;
import dev.casefile.demo.WorkedExample;
import dev.casefile.schema.ComplaintStatus;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.SupportTicket;
import dev.casefile.serde.JsonRecordCodec;
import dev.casefile.topology.ingest.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Feedback and tickets as JSON objects beside Avro: the same events give the same complaints, bad JSON a dead letter. */
class JsonInputTest {

    private static final Instant AT = WorkedExample.FEEDBACK_AT;

    /** The worked example's feedback and ticket, as a product backend in any language would write them by hand. */
    private static final String FEEDBACK = """
            {"feedback_id": "fb_sess_918_07", "occurred_at": "2026-05-21T09:14:33Z", "workspace_id": "acme_eu",
             "session_id": "sess_918", "turn_id": "07", "trace_id": "tr_9021", "user_id": "u_acme_pat",
             "surface": "web_chat", "label": "wrong_policy_answer", "score": -1,
             "complaint_text": "Agent said annual contracts are refundable anytime.",
             "evidence_tags": {"prompt_version": "refund-v3", "model_deployment": "claude-2025-04-01",
                               "experiment_bucket": "control"},
             "business_keys": {"ticket_id": "cs_441"}}
            """;
    private static final String TICKET = """
            {"ticket_id": "cs_441", "opened_at": 1779614073000, "updated_at": "2026-05-24T09:14:33Z",
             "status": "open", "channel": "chat", "workspace_id": "acme_eu", "requester_email": "pat@acme.example",
             "trace_id": "tr_9021", "feedback_id": null, "business_keys": {"contract_id": "ct_annual_77"},
             "subject": "Refund answer was wrong", "body": "Agent said annual contracts are refundable anytime.",
             "category": "wrong_answer"}
            """;

    @Test
    void theHandWrittenJsonIsTheWorkedExample() throws Exception {
        assertEquals(WorkedExample.feedback(), new JsonRecordCodec<>(FeedbackEvent.class, JsonRecordCodec.UnknownFields.REJECT)
                .read(utf8(FEEDBACK)));
        assertEquals(WorkedExample.ticket(), new JsonRecordCodec<>(SupportTicket.class, JsonRecordCodec.UnknownFields.REJECT)
                .read(utf8(TICKET)));
    }

    @Test
    void jsonAndAvroOfTheSameEventsGiveTheSameComplaint() {
        Map<String, LinkedComplaint> fromAvro;
        try (TopologyHarness casefile = new TopologyHarness()) {
            casefile.spans(WorkedExample.spans(), WorkedExample.SERVED_AT);
            casefile.feedback(WorkedExample.feedback());
            casefile.ticket(WorkedExample.ticket());
            fromAvro = casefile.view();
        }
        try (TopologyHarness casefile = new TopologyHarness()) {
            casefile.spans(WorkedExample.spans(), WorkedExample.SERVED_AT);
            casefile.rawFeedback(utf8("fb_sess_918_07"), utf8(FEEDBACK), AT);
            casefile.rawTicket(utf8("cs_441"), utf8(TICKET), AT.plusSeconds(3 * 86400));
            assertEquals(List.of(), casefile.deadLetterReasons());
            assertEquals(fromAvro, casefile.view());
            assertEquals(1, fromAvro.size());
        }
    }

    @Test
    void aVersionInOneEncodingReplacesAVersionInTheOther() {
        try (TopologyHarness casefile = new TopologyHarness()) {
            casefile.spans(WorkedExample.spans(), WorkedExample.SERVED_AT);
            casefile.feedback(WorkedExample.feedback());
            casefile.rawFeedback(utf8("fb_sess_918_07"), utf8(FEEDBACK.replace("09:14:33Z", "09:15:00Z")
                    .replace("wrong_policy_answer", "rude")), AT.plusSeconds(27));
            LinkedComplaint complaint = casefile.view().values().iterator().next();
            assertEquals(List.of("rude"), complaint.getLabels());
            assertEquals(2, complaint.getRevision());
        }
    }

    @Test
    void jsonThatBreaksTheContractIsADeadLetterNamingTheFieldAndTheRule() {
        try (TopologyHarness casefile = new TopologyHarness()) {
            casefile.rawFeedback(utf8("fb_1"), utf8("{\"feedback_id\": \"fb_1\", \"workspace_id\": \"acme_eu\", \"label\": \"x\"}"), AT);
            casefile.rawFeedback(utf8("fb_2"), utf8(FEEDBACK.replace("\"score\": -1", "\"score\": \"bad\"")), AT);
            casefile.rawFeedback(utf8("fb_3"), utf8(FEEDBACK.replace("2026-05-21T09:14:33Z", "21/05/2026")), AT);
            casefile.rawFeedback(utf8("fb_4"), utf8(FEEDBACK.replace("\"session_id\"", "\"sesion_id\"")), AT);
            casefile.rawFeedback(utf8("fb_5"), utf8("{\"feedback_id\": \"fb_5\""), AT);
            List<String> reasons = casefile.deadLetterReasons();
            assertEquals(List.of(
                    "JSON FeedbackEvent: field occurred_at is required (an ISO-8601 time or epoch milliseconds)",
                    "JSON FeedbackEvent: field score must be a number, not a string",
                    "JSON FeedbackEvent: field occurred_at is not an ISO-8601 time (e.g. 2026-05-21T09:14:33Z) nor epoch milliseconds",
                    "JSON FeedbackEvent: unknown field sesion_id: FeedbackEvent has no such field "
                            + "(input.json.unknown.fields=ignore skips unknown fields)",
                    "JSON FeedbackEvent: the record is not valid JSON (at line 1 column 23)"), reasons);
            assertTrue(casefile.view().isEmpty());
        }
    }

    /** Numbers that are valid JSON but no double or epoch millisecond: each a dead letter naming the field, never a crash. */
    @Test
    void hostileNumbersAreDeadLettersNamingTheFieldAndTheNextRecordStillLinks() {
        try (TopologyHarness casefile = new TopologyHarness()) {
            casefile.spans(WorkedExample.spans(), WorkedExample.SERVED_AT);
            casefile.rawFeedback(utf8("fb_1"), utf8(FEEDBACK.replace("\"score\": -1", "\"score\": 1e99999")), AT);
            casefile.rawFeedback(utf8("fb_2"), utf8(FEEDBACK.replace("\"score\": -1", "\"score\": -2e308")), AT);
            casefile.rawFeedback(utf8("fb_3"), utf8(FEEDBACK.replace("\"2026-05-21T09:14:33Z\"", "1e99999")), AT);
            casefile.rawFeedback(utf8("fb_4"), utf8(FEEDBACK.replace("\"2026-05-21T09:14:33Z\"", "-1e-99999")), AT);
            casefile.rawTicket(utf8("cs_441"), utf8(TICKET.replace("1779614073000", "9223372036854775808")), AT);
            casefile.rawTicket(utf8("cs_441"), utf8(TICKET.replace("1779614073000", "1" + "0".repeat(10_001))), AT);

            List<TestRecord<byte[], byte[]>> letters = casefile.deadLetters();
            List<String> reasons = letters.stream().map(r -> DeadLetters.header(r.headers(), DeadLetters.REASON)).toList();
            String time = " must be an ISO-8601 time such as 2026-05-21T09:14:33Z, or epoch milliseconds"
                    + " (a whole number of milliseconds that fits in 64 bits)";
            assertEquals(List.of(
                    "JSON FeedbackEvent: field score must be a number a 64-bit double can hold (finite, at most about 1.8e308 in size)",
                    "JSON FeedbackEvent: field score must be a number a 64-bit double can hold (finite, at most about 1.8e308 in size)",
                    "JSON FeedbackEvent: field occurred_at" + time,
                    "JSON FeedbackEvent: field occurred_at" + time,
                    "JSON SupportTicket: field opened_at" + time), reasons.subList(0, 5));
            assertTrue(reasons.get(5).startsWith("JSON SupportTicket: the record is not valid JSON"), reasons.get(5));
            assertEquals(List.of("wrong_type", "wrong_type", "implausible_time", "implausible_time", "implausible_time",
                    "invalid_json"), letters.stream().map(r -> DeadLetters.header(r.headers(), DeadLetters.CAUSE)).toList());
            assertTrue(casefile.view().isEmpty());

            // The stream thread is still there: the valid feedback and ticket that follow link as ever.
            casefile.rawFeedback(utf8("fb_sess_918_07"), utf8(FEEDBACK), AT);
            casefile.rawTicket(utf8("cs_441"), utf8(TICKET), AT.plusSeconds(3 * 86400));
            assertEquals(List.of(), casefile.deadLetterReasons());
            LinkedComplaint complaint = casefile.view().values().iterator().next();
            assertEquals(ComplaintStatus.LINKED, complaint.getStatus());
            assertEquals(List.of("cs_441"), complaint.getTicketIds());
        }
    }

    @Test
    void unknownFieldsCanBeSkipped() {
        try (TopologyHarness casefile = new TopologyHarness(Map.of(CasefileConfig.INPUT_JSON_UNKNOWN_FIELDS, "ignore"))) {
            casefile.spans(WorkedExample.spans(), WorkedExample.SERVED_AT);
            casefile.rawFeedback(utf8("fb_sess_918_07"), utf8(FEEDBACK.replace("\"surface\"", "\"our_build\": \"b12\", \"surface\"")),
                    AT);
            assertEquals(List.of(), casefile.deadLetterReasons());
            assertEquals(1, casefile.view().size());
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
