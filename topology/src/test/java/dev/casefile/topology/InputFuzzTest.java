package dev.casefile.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.contract.ComplaintIds;
import dev.casefile.demo.WorkedExample;
import dev.casefile.schema.ComplaintStatus;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.SupportTicket;
import dev.casefile.schema.TurnKey;
import dev.casefile.topology.ingest.DeadLetters;
import dev.casefile.topology.ingest.IngestStage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Garbage on every input topic: random bytes, valid records with bits flipped, absurd times and
 * oversized text. The pipeline never stops, every rejected record reaches the dead letters with its
 * reason and origin, and the valid traffic in between still links correctly.
 */
class InputFuzzTest {

    private static final Instant T0 = WorkedExample.SERVED_AT;

    @Test
    void garbageOnEveryInputTopicGoesToTheDeadLettersAndValidTrafficStillLinks() {
        Random random = new Random(20261124L);
        try (TopologyHarness casefile = new TopologyHarness()) {
            byte[] feedback = casefile.serdes.forType(FeedbackEvent.class, false).serializer()
                    .serialize("feedback", WorkedExample.feedback());
            byte[] ticket = casefile.serdes.forType(SupportTicket.class, false).serializer()
                    .serialize("tickets", WorkedExample.ticket());
            byte[] spans = WorkedExample.spans();
            int sent = 0;
            for (int round = 0; round < 150; round++) {
                Instant at = T0.plusSeconds(round);
                byte[] key = ("k" + round).getBytes(StandardCharsets.UTF_8);
                casefile.spans(randomBytes(random), at);
                casefile.rawFeedback(key, randomBytes(random), at);
                casefile.rawTicket(key, randomBytes(random), at);
                casefile.spans(mutate(spans, random), at);
                casefile.rawFeedback(key, mutate(feedback, random), at);
                casefile.rawTicket(key, mutate(ticket, random), at);
                sent += 6;
            }
            casefile.spans(spans, T0);
            casefile.feedback(WorkedExample.feedback());
            casefile.ticket(WorkedExample.ticket());

            List<TestRecord<byte[], byte[]>> dead = casefile.deadLetters();
            assertTrue(dead.size() > sent / 2, "most garbage is refused: " + dead.size() + " of " + sent);
            for (TestRecord<byte[], byte[]> letter : dead) {
                assertNotNull(DeadLetters.header(letter.headers(), DeadLetters.REASON));
                assertNotNull(DeadLetters.header(letter.headers(), DeadLetters.SOURCE_TOPIC));
                assertNotNull(DeadLetters.header(letter.headers(), DeadLetters.SOURCE_OFFSET));
            }
            LinkedComplaint worked = casefile.view().get(ComplaintIds.of(
                    new TurnKey(WorkedExample.WORKSPACE, WorkedExample.SESSION, WorkedExample.TURN)));
            assertEquals(ComplaintStatus.LINKED, worked.getStatus());
            assertEquals("tr_9021", worked.getTraceId());
            assertTrue(worked.getTicketIds().contains(WorkedExample.TICKET));
        }
    }

    @Test
    void absurdTimesAndOversizedTextAreRefusedWithTheirReason() {
        try (TopologyHarness casefile = new TopologyHarness()) {
            casefile.feedback(FeedbackEvent.newBuilder(WorkedExample.feedback()).setFeedbackId("fb_1999")
                    .setOccurredAt(Instant.parse("1999-12-31T23:59:59Z")).build());
            casefile.feedback(FeedbackEvent.newBuilder(WorkedExample.feedback()).setFeedbackId("fb_future")
                    .setOccurredAt(Instant.now().plus(Duration.ofDays(30))).build());
            casefile.feedback(FeedbackEvent.newBuilder(WorkedExample.feedback()).setFeedbackId("fb_essay")
                    .setComplaintText("x".repeat(IngestStage.MAX_TEXT_CHARS + 1)).build());
            casefile.ticket(SupportTicket.newBuilder(WorkedExample.ticket()).setOpenedAt(Instant.EPOCH).build());
            casefile.spans(new dev.casefile.demo.OtlpTraceBuilder().span("0af7651916cd43dd8448eb211c80319c",
                    "b7ad6b7169203331", null, "chat.turn", Instant.EPOCH, Instant.EPOCH.plusSeconds(1), false,
                    java.util.Map.of()).toBytes(), T0);

            List<String> reasons = casefile.deadLetterReasons();
            assertEquals(5, reasons.size(), reasons.toString());
            assertTrue(reasons.get(0).contains("before 2000"), reasons.get(0));
            assertTrue(reasons.get(1).contains("in the future"), reasons.get(1));
            assertTrue(reasons.get(2).contains("complaint_text of 32769 characters"), reasons.get(2));
            assertTrue(reasons.get(3).contains("opened_at 1970-01-01T00:00:00Z"), reasons.get(3));
            assertTrue(reasons.get(4).contains("starts at 1970-01-01T00:00:00Z"), reasons.get(4));
            assertEquals(List.of(), casefile.records());
        }
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[1 + random.nextInt(300)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** A valid record with a few bytes overwritten, or cut short. */
    private static byte[] mutate(byte[] valid, Random random) {
        byte[] bytes = valid.clone();
        if (random.nextInt(4) == 0) {
            return java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
        }
        for (int i = 0; i < 1 + random.nextInt(4); i++) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        return bytes;
    }
}
