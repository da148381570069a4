package dev.casefile.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.config.CasefileConfig;
import dev.casefile.config.RateSettings;
import dev.casefile.schema.ComplaintRate;
import dev.casefile.schema.RateKey;
import dev.casefile.schema.internal.RateWindow;
import dev.casefile.topology.query.RateQueries;
import dev.casefile.topology.query.Stores;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Complaint rates per evidence tag value, per window of interaction time, exact under every kind of change. */
class ComplaintRateTest {

    private static final Instant NINE = Instant.parse("2026-05-21T09:00:00Z");
    private static final long HOUR = Duration.ofHours(1).toMillis();

    private TopologyHarness casefile = new TopologyHarness();

    @AfterEach
    void close() {
        casefile.close();
    }

    @Test
    void countsInteractionsAndComplaintsPerTagValueInTheHourTheAnswerWasServed() {
        served("a", NINE.plusSeconds(60), "v17");
        served("b", NINE.plusSeconds(120), "v17");
        served("c", NINE.plusSeconds(180), "v17");
        served("d", NINE.plusSeconds(240), "v18");
        complain("a", NINE.plusSeconds(300));

        assertEquals(new Counts(1, 3), counts("doc_version", "v17", NINE, HOUR));
        assertEquals(new Counts(0, 1), counts("doc_version", "v18", NINE, HOUR));
        assertEquals(1.0 / 3, rate("doc_version", "v17", NINE, HOUR).getRate(), 1e-9);
        assertEquals(new Counts(1, 4), counts("prompt_version", "refund-v3", NINE, HOUR), "every tag key is counted");
        assertEquals(new Counts(1, 3), counts("doc_version", "v17", Instant.parse("2026-05-21T00:00:00Z"),
                RateSettings.DAY_MS), "and rolled up per day");
    }

    @Test
    void aComplaintFiledThreeDaysLaterRaisesTheRateOfTheHourTheAnswerWasServed() {
        served("a", NINE.plusSeconds(60), "v17");
        served("b", NINE.plus(Duration.ofDays(3)), "v17");
        complain("a", NINE.plus(Duration.ofDays(3)).plusSeconds(60));

        assertEquals(new Counts(1, 1), counts("doc_version", "v17", NINE, HOUR));
        assertEquals(new Counts(0, 1), counts("doc_version", "v17", NINE.plus(Duration.ofDays(3)), HOUR));
    }

    @Test
    void aComplaintRevisedManyTimesCountsOnceAndReplaysNeverDoubleCount() {
        served("a", NINE.plusSeconds(60), "v17");
        complain("a", NINE.plusSeconds(120));
        casefile.ticket(Evidence.ticket("cs_1", NINE.plusSeconds(200)).setSessionId("sess_a").setTurnId("01").build());
        casefile.ticket(Evidence.ticket("cs_1", NINE.plusSeconds(200)).setSessionId("sess_a").setTurnId("01")
                .setStatus("solved").setUpdatedAt(NINE.plusSeconds(400)).build());
        complain("a", NINE.plusSeconds(120));
        served("a", NINE.plusSeconds(60), "v17");

        assertEquals(new Counts(1, 1), counts("doc_version", "v17", NINE, HOUR));
    }

    @Test
    void aComplaintWhoseTagChangesMovesFromOneValueToTheOther() {
        served("a", NINE.plusSeconds(60), "v18");
        complain("a", NINE.plusSeconds(120));
        assertEquals(new Counts(1, 1), counts("doc_version", "v18", NINE, HOUR));

        // A late span that started earlier in the trace carries the version the answer really used.
        casefile.spans(new dev.casefile.demo.OtlpTraceBuilder().span(traceId("a"), traceId("a").substring(0, 15) + "3",
                traceId("a").substring(0, 15) + "1", "retrieve.policy_docs", NINE.plusSeconds(60).minusMillis(1),
                NINE.plusSeconds(61), false, Map.of("doc_version", "v17")).toBytes(), NINE.plusSeconds(61));

        assertEquals(new Counts(0, 0), counts("doc_version", "v18", NINE, HOUR));
        assertEquals(new Counts(1, 1), counts("doc_version", "v17", NINE, HOUR));
    }

    @Test
    void aTombstonedComplaintIsSubtracted() {
        served("a", NINE.plusSeconds(60), "v17");
        complain("a", NINE.plusSeconds(120));
        casefile.deleteFeedback("fb_a", NINE.plusSeconds(180));

        assertEquals(new Counts(0, 1), counts("doc_version", "v17", NINE, HOUR));
    }

    @Test
    void theCardinalityGuardFoldsExcessValuesIntoOtherAndCountsThem() {
        casefile.close();
        casefile = new TopologyHarness(Map.of(CasefileConfig.RATE_MAX_VALUES, "3"));
        for (int i = 0; i < 6; i++) {
            served("t" + i, NINE.plusSeconds(60 + i), "v" + i);
        }
        complain("t5", NINE.plusSeconds(600));

        assertEquals(new Counts(0, 1), counts("doc_version", "v2", NINE, HOUR));
        ComplaintRate other = rate("doc_version", RateQueries.OTHER, NINE, HOUR);
        assertEquals(3, other.getInteractions());
        assertEquals(1, other.getComplaints());
        assertEquals(3, other.getFoldedValues());

        casefile.deleteFeedback("fb_t5", NINE.plusSeconds(700));
        assertEquals(0, rate("doc_version", RateQueries.OTHER, NINE, HOUR).getComplaints(), "retractions find the fold");
    }

    @Test
    void whenAWindowClosesEveryValueIsWrittenOnceMoreAsFinalAndNothingChangesItAfter() {
        casefile.close();
        casefile = new TopologyHarness(Map.of(CasefileConfig.RATE_WINDOW_GRACE_MS, Long.toString(Duration.ofDays(1).toMillis()),
                CasefileConfig.RETENTION_SCAN_INTERVAL_MS, Long.toString(Duration.ofMinutes(10).toMillis())));
        served("a", NINE.plusSeconds(60), "v17");
        complain("a", NINE.plusSeconds(120));
        casefile.rateRecords();

        served("later", NINE.plus(Duration.ofDays(1)).plus(Duration.ofHours(2)), "v18");
        List<ComplaintRate> records = casefile.rateRecords();
        assertTrue(records.stream().anyMatch(r -> r.getIsFinal() && r.getTagValue().equals("v17")
                && r.getWindowSizeMs() == HOUR && r.getComplaints() == 1), records.toString());

        complain("a", NINE.plusSeconds(120));
        casefile.deleteFeedback("fb_a", NINE.plus(Duration.ofDays(1)).plus(Duration.ofHours(3)));
        ComplaintRate closed = rate("doc_version", "v17", NINE, HOUR);
        assertTrue(closed.getIsFinal());
        assertEquals(1, closed.getComplaints(), "a closed window no longer changes");
    }

    @Test
    void theStoreAnswersTheRatesOfOneTagKeyAcrossItsValuesOverATimeRange() {
        served("a", NINE.plusSeconds(60), "v17");
        served("b", NINE.plus(Duration.ofHours(1)).plusSeconds(60), "v18");
        served("c", NINE.plus(Duration.ofHours(5)), "v19");
        complain("a", NINE.plusSeconds(90));
        casefile.flushRates();

        KeyValueStore<String, RateWindow> store = casefile.driver.getKeyValueStore(Stores.COMPLAINT_RATES);
        List<ComplaintRate> rates = RateQueries.rates(store, "doc_version", HOUR, NINE, NINE.plus(Duration.ofHours(2)));

        assertEquals(List.of("v17", "v18"), rates.stream().map(ComplaintRate::getTagValue).toList());
        assertEquals(1.0, rates.get(0).getRate());
        assertEquals(0.0, rates.get(1).getRate());
        assertEquals(List.of(), RateQueries.rates(store, "prompt_version", HOUR, NINE.minus(Duration.ofDays(1)), NINE));
    }

    @Test
    void bufferedRateChangesWaitForTheFlushAndAddUpToTheSameRatesAsChangesSentOneByOne() {
        TopologyHarness oneByOne = new TopologyHarness(Map.of(CasefileConfig.RATE_FLUSH_INTERVAL_MS, "0"));
        TopologyHarness buffered = casefile;
        Map<RateKey, ComplaintRate> expected;
        try {
            for (TopologyHarness harness : List.of(oneByOne, buffered)) {
                casefile = harness;
                for (int i = 0; i < 40; i++) {
                    served("t" + i, NINE.plusSeconds(30L * i), i % 3 == 0 ? "v17" : "v18");
                    if (i % 4 == 0) {
                        complain("t" + i, NINE.plusSeconds(30L * i + 5));
                    }
                }
                casefile.deleteFeedback("fb_t8", NINE.plusSeconds(3600));
            }
            assertTrue(buffered.noRateOutputYet(), "nothing is sent before the flush interval passed");
            expected = oneByOne.rates();
        } finally {
            oneByOne.close();
            casefile = buffered;
        }
        buffered.flushRates();
        assertEquals(expected, buffered.rates());
        assertEquals(new Counts(4, 14), counts("doc_version", "v17", NINE, HOUR));
        assertEquals(new Counts(5, 26), counts("doc_version", "v18", NINE, HOUR));
    }

    private record Counts(long complaints, long interactions) {
    }

    private void served(String name, Instant at, String docVersion) {
        casefile.spans(Evidence.trace(traceId(name), "sess_" + name, "01", at,
                Map.of("doc_version", docVersion, "prompt_version", "refund-v3")), at);
    }

    private void complain(String name, Instant at) {
        casefile.feedback(Evidence.feedback("fb_" + name, "sess_" + name, "01", at).build());
    }

    private static String traceId(String name) {
        return String.format("%032x", Math.abs((long) name.hashCode()) + 1);
    }

    private ComplaintRate rate(String key, String value, Instant windowStart, long size) {
        return casefile.rates().get(new RateKey(key, value, windowStart, size));
    }

    private Counts counts(String key, String value, Instant windowStart, long size) {
        ComplaintRate rate = rate(key, value, windowStart, size);
        return rate == null ? new Counts(0, 0) : new Counts(rate.getComplaints(), rate.getInteractions());
    }
}
