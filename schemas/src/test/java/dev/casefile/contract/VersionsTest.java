package dev.casefile.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.SpanRecord;
import dev.casefile.schema.SpanStatus;
import dev.casefile.schema.SupportTicket;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VersionsTest {

    private static final Instant AT = Instant.parse("2026-05-21T09:14:33Z");

    @Test
    void theLaterVersionWins() {
        assertTrue(Versions.replaces(feedback("wrong_answer", AT.plusSeconds(1), Map.of()), feedback("wrong_answer", AT, Map.of())));
        assertFalse(Versions.replaces(feedback("wrong_answer", AT, Map.of()), feedback("wrong_answer", AT.plusSeconds(1), Map.of())));
        assertTrue(Versions.replaces(feedback("wrong_answer", AT, Map.of()), null), "anything replaces nothing");
    }

    @Test
    void aVersionDoesNotReplaceItself() {
        assertFalse(Versions.replaces(feedback("wrong_answer", AT, Map.of()), feedback("wrong_answer", AT, Map.of())));
        assertFalse(Versions.replaces(ticket("open", AT), ticket("open", AT)));
        assertFalse(Versions.replaces(span(100, "a"), span(100, "a")));
    }

    /** Two different versions at one time: exactly one of them replaces the other, so any arrival order keeps the same. */
    @Test
    void tiesAreBrokenByTheFieldsSoEitherOrderKeepsTheSameVersion() {
        List<FeedbackEvent[]> pairs = List.of(
                new FeedbackEvent[] {feedback("wrong_answer", AT, Map.of()), feedback("rude", AT, Map.of())},
                new FeedbackEvent[] {feedback("x", AT, Map.of("order_id", "o1")), feedback("x", AT, Map.of("order_id", "o2"))},
                new FeedbackEvent[] {feedback("x", AT, Map.of("a", "1")), feedback("x", AT, Map.of("a", "1", "b", "2"))});
        for (FeedbackEvent[] pair : pairs) {
            assertNotEquals(Versions.replaces(pair[0], pair[1]), Versions.replaces(pair[1], pair[0]), pair[0] + " / " + pair[1]);
        }
        assertNotEquals(Versions.replaces(ticket("open", AT), ticket("solved", AT)),
                Versions.replaces(ticket("solved", AT), ticket("open", AT)));
        assertNotEquals(Versions.replaces(span(100, "a"), span(100, "b")), Versions.replaces(span(100, "b"), span(100, "a")));
    }

    @Test
    void aSpanVersionThatEndsLaterWins() {
        assertTrue(Versions.replaces(span(200, "a"), span(100, "a")));
        assertFalse(Versions.replaces(span(100, "a"), span(200, "a")));
    }

    @Test
    void upsertKeepsOneVersionPerIdAndOnlyANewerOne() {
        FeedbackEvent v1 = feedback("wrong_answer", AT, Map.of());
        FeedbackEvent v2 = feedback("wrong_policy_answer", AT.plusSeconds(5), Map.of());
        List<FeedbackEvent> one = Versions.upsert(List.of(), v1).orElseThrow();
        assertEquals(List.of(v1), one);
        assertEquals(Optional.of(List.of(v2)), Versions.upsert(one, v2));
        assertEquals(Optional.empty(), Versions.upsert(List.of(v2), v1), "a stale version changes nothing");
    }

    @Test
    void removeTakesTheWholeEventOrOnlyUpToTheVersionThatMoved() {
        FeedbackEvent v1 = feedback("wrong_answer", AT, Map.of());
        FeedbackEvent v2 = feedback("wrong_policy_answer", AT.plusSeconds(5), Map.of());
        assertEquals(Optional.of(List.of()), Versions.remove(List.of(v2), "fb_1", null), "a deletion");
        assertEquals(Optional.of(List.of()), Versions.remove(List.of(v1), "fb_1", v1), "v1 moved away");
        assertEquals(Optional.empty(), Versions.remove(List.of(v2), "fb_1", v1), "a newer version already here stays");
        assertEquals(Optional.empty(), Versions.remove(List.of(v2), "fb_other", null));
    }

    private static FeedbackEvent feedback(String label, Instant at, Map<String, String> keys) {
        return FeedbackEvent.newBuilder().setFeedbackId("fb_1").setOccurredAt(at).setWorkspaceId("acme_eu")
                .setSessionId("sess_918").setTurnId("07").setLabel(label).setBusinessKeys(new HashMap<>(keys)).build();
    }

    private static SupportTicket ticket(String status, Instant at) {
        return SupportTicket.newBuilder().setTicketId("cs_441").setOpenedAt(AT).setUpdatedAt(at).setStatus(status)
                .setWorkspaceId("acme_eu").build();
    }

    private static SpanRecord span(long endMs, String name) {
        return SpanRecord.newBuilder().setSpanId("s1").setName(name).setStatus(SpanStatus.OK).setStartAt(AT)
                .setEndAt(AT.plusMillis(endMs)).setAttributes(new HashMap<>()).build();
    }
}
