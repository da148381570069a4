package dev.casefile.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.casefile.contract.ComplaintIds;
import dev.casefile.schema.ComplaintRate;
import dev.casefile.schema.ComplaintStatus;
import dev.casefile.schema.EvidenceTag;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.RateKey;
import dev.casefile.schema.TurnKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A turn whose answer was regenerated: each attempt is a trace of its own. The complaint links to the
 * attempt it captured, else to the latest the user had seen; rates count both attempts as interactions
 * and the complaint on its attempt only.
 */
class RegeneratedAnswerTest {

    private static final Instant NINE = Instant.parse("2026-05-21T09:00:00Z");
    private static final Instant FIRST_AT = NINE.plusSeconds(60);
    private static final Instant SECOND_AT = NINE.plusSeconds(90);
    private static final String FIRST = "0af7651916cd43dd8448eb211c80a001";
    private static final String SECOND = "0af7651916cd43dd8448eb211c80b001";
    private static final String COMPLAINT = ComplaintIds.of(new TurnKey("acme_eu", "sess_r", "01"));
    private static final long HOUR = Duration.ofHours(1).toMillis();

    private final TopologyHarness casefile = new TopologyHarness();

    @AfterEach
    void close() {
        casefile.close();
    }

    /** Which trace the feedback captured (null, the first's alias, the second's OTLP id), and whether attempts come in order. */
    static Stream<Arguments> cases() {
        return Stream.of(null, "tr_first", SECOND).flatMap(captured -> Stream.of(true, false).flatMap(inOrder ->
                Stream.of(true, false).map(feedbackFirst -> Arguments.of(captured, inOrder, feedbackFirst))));
    }

    @ParameterizedTest(name = "captured {0}, attempts in order: {1}, feedback first: {2}")
    @MethodSource("cases")
    void theComplaintLinksToTheAttemptItIsAbout(String captured, boolean inOrder, boolean feedbackFirst) {
        if (feedbackFirst) {
            complain(captured);
        }
        if (inOrder) {
            first();
            second();
        } else {
            second();
            first();
        }
        if (!feedbackFirst) {
            complain(captured);
        }

        String about = "tr_first".equals(captured) ? FIRST : SECOND;
        String other = about.equals(FIRST) ? SECOND : FIRST;
        String docVersion = about.equals(FIRST) ? "v17" : "v18";
        LinkedComplaint complaint = casefile.view().get(COMPLAINT);
        assertEquals(ComplaintStatus.LINKED, complaint.getStatus());
        assertEquals(about, complaint.getOtlpTraceId());
        assertEquals(captured == null ? about : captured, complaint.getTraceId());
        assertNull(complaint.getTraceConflict());
        assertEquals(List.of(other), complaint.getAttemptTraceIds());
        assertEquals(about.equals(FIRST) ? FIRST_AT : SECOND_AT, complaint.getInteractionAt());
        assertEquals(List.of(new EvidenceTag("doc_version", docVersion, "llm.answer", about.substring(0, 15) + "2")),
                complaint.getEvidenceTags().stream().filter(t -> t.getKey().equals("doc_version")).toList(),
                "the tags of the attempt it is about");

        // Both attempts were served; the complaint counts on its attempt's value only.
        assertEquals(List.of(1L, about.equals(FIRST) ? 1L : 0L), counts("v17"));
        assertEquals(List.of(1L, about.equals(SECOND) ? 1L : 0L), counts("v18"));
        assertEquals(List.of(2L, 1L), counts("prompt_version", "refund-v3"), "one complaint, two interactions");
    }

    /** The case the domain text tried: the second attempt's id captured before its spans arrive, the first already there. */
    @ParameterizedTest(name = "captured {0}")
    @MethodSource("capturedSecond")
    void feedbackOnTheSecondAttemptBeforeItArrivesAwaitsItThenLinks(String captured) {
        first();
        complain(captured);
        LinkedComplaint waiting = casefile.view().get(COMPLAINT);
        assertEquals(ComplaintStatus.AWAITING_TRACE, waiting.getStatus());
        assertEquals(FIRST, waiting.getTraceConflict(), "it says which attempt it did not match");

        second();
        LinkedComplaint linked = casefile.view().get(COMPLAINT);
        assertEquals(ComplaintStatus.LINKED, linked.getStatus());
        assertEquals(SECOND, linked.getOtlpTraceId());
        assertNull(linked.getTraceConflict());
        assertEquals(List.of(0L, 1L), List.of(counts("v17").get(1), counts("v18").get(1)));
    }

    static Stream<String> capturedSecond() {
        return Stream.of(SECOND, "tr_second");
    }

    private void first() {
        casefile.spans(Evidence.trace("acme_eu", FIRST, "tr_first", "sess_r", "01", FIRST_AT,
                Map.of("doc_version", "v17", "prompt_version", "refund-v3")), FIRST_AT);
    }

    private void second() {
        casefile.spans(Evidence.trace("acme_eu", SECOND, "tr_second", "sess_r", "01", SECOND_AT,
                Map.of("doc_version", "v18", "prompt_version", "refund-v3")), SECOND_AT);
    }

    private void complain(String captured) {
        casefile.feedback(Evidence.feedback("fb_r", "sess_r", "01", SECOND_AT.plusSeconds(20)).setTraceId(captured).build());
    }

    /** Interactions and complaints of a doc_version in the hour both attempts were served. */
    private List<Long> counts(String docVersion) {
        return counts("doc_version", docVersion);
    }

    private List<Long> counts(String key, String value) {
        ComplaintRate rate = casefile.rates().get(new RateKey(key, value, NINE, HOUR));
        return rate == null ? List.of(0L, 0L) : List.of(rate.getInteractions(), rate.getComplaints());
    }
}
