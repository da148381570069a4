package dev.casefile.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.demo.DemoRecords;
import dev.casefile.demo.DemoTraffic;
import dev.casefile.schema.AlertBaseline;
import dev.casefile.schema.ComplaintRate;
import dev.casefile.schema.RateAlert;
import dev.casefile.schema.RateAlertKey;
import dev.casefile.schema.RateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rollout alerts: a new tag value whose complaint rate is significantly higher than the values it
 * replaced opens an alert on complaint-rate-alerts, compared over the same hours or, after a
 * cutover, with the day before; a value as good as the others opens none; an alert the evidence no
 * longer supports is withdrawn.
 */
class RolloutAlertsTest {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutAlertsTest.class);
    private static final Instant NINE = Instant.parse("2026-05-21T09:00:00Z");
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final RateAlertKey ROLLOUT = new RateAlertKey("prompt_version", DemoTraffic.ROLLOUT_PROMPT);
    private static final int DEMO_TURNS = 250;

    @Test
    void theDemoTrafficsRolloutRaisesExactlyItsAlert() {
        try (TopologyHarness casefile = new TopologyHarness()) {
            play(casefile, DemoTraffic.generate(DEMO_TURNS, 42, DemoRecords.START));

            Map<RateAlertKey, RateAlert> alerts = casefile.alerts();
            assertEquals(Set.of(ROLLOUT), alerts.keySet(), "only the planted worse prompt version");
            RateAlert alert = alerts.get(ROLLOUT);
            Instant rollout = DemoTraffic.rolloutStart(DEMO_TURNS, DemoRecords.START);
            assertEquals(rollout, alert.getFirstWindowStart());
            assertEquals(AlertBaseline.SAME_HOURS, alert.getBaseline(), "half the traffic kept the old prompts");
            assertEquals(Set.of("refund-v3", "refund-v4"), Set.copyOf(alert.getBaselineValues()));
            // Exactly the rates' counts: the new value's, and the other prompts' in the same windows.
            Map<RateKey, ComplaintRate> rates = casefile.rates();
            assertEquals(counts(rates, List.of(DemoTraffic.ROLLOUT_PROMPT), rollout),
                    List.of(alert.getComplaints(), alert.getInteractions()));
            assertEquals(counts(rates, List.of("refund-v3", "refund-v4"), rollout),
                    List.of(alert.getBaselineComplaints(), alert.getBaselineInteractions()));
            assertTrue(alert.getRateLow() > alert.getBaselineRateHigh(), "the intervals do not even overlap: " + alert);
            assertTrue(alert.getPValue() < 0.001 && alert.getZ() > 3.09, alert.toString());
        }
    }

    /** The false-alarm check: the rolled-out prompt as good as the others, 20 seeds of the generator. */
    @Test
    void aNewValueAsGoodAsTheOthersRaisesNoAlertInTwentySeededRuns() {
        List<String> alarms = new ArrayList<>();
        for (long seed = 1; seed <= 20; seed++) {
            try (TopologyHarness casefile = new TopologyHarness()) {
                play(casefile, DemoTraffic.generate(DEMO_TURNS, seed, DemoRecords.START, 0.0));
                casefile.alerts().keySet().forEach(key -> alarms.add(key.getTagKey() + "=" + key.getTagValue()));
            }
        }
        LOG.info("False alarms in 20 seeded runs with no planted difference: {}", alarms);
        assertEquals(List.of(), alarms);
    }

    @Test
    void afterACutoverTheNewValueIsComparedWithTheDayBeforeAndWithdrawnWhenItRecovers() {
        try (TopologyHarness casefile = new TopologyHarness()) {
            serve(casefile, "m1", NINE, 400, 40);
            serve(casefile, "m2", NINE.plusMillis(HOUR), 400, 120);

            RateAlert alert = casefile.alerts().get(new RateAlertKey("model_deployment", "m2"));
            assertEquals(AlertBaseline.BEFORE, alert.getBaseline(), "nothing else was served since");
            assertEquals(List.of("m1"), alert.getBaselineValues());
            assertEquals(List.of(120L, 400L, 40L, 400L), List.of(alert.getComplaints(), alert.getInteractions(),
                    alert.getBaselineComplaints(), alert.getBaselineInteractions()));
            assertEquals(NINE.plusMillis(HOUR), alert.getFirstWindowStart());

            // A fix ships under the same value: many good answers later, its rate is the old one's again.
            serve(casefile, "m2", NINE.plusMillis(2 * HOUR), 800, 0);
            assertEquals(Map.of(), casefile.alerts(), "withdrawn: tombstoned on complaint-rate-alerts");
        }
    }

    @Test
    void valuesServedFromTheStartAreNotNewAndTooFewInteractionsAreNotJudged() {
        try (TopologyHarness casefile = new TopologyHarness()) {
            serve(casefile, "m1", NINE, 300, 3);
            serve(casefile, "m0", NINE, 300, 150);
            serve(casefile, "m3", NINE.plusMillis(HOUR), 100, 60);
            assertEquals(Map.of(), casefile.alerts(), "m0 was there from the start; m3 has 100 interactions, fewer than 200");
        }
    }

    private static void play(TopologyHarness casefile, List<DemoTraffic.Event> events) {
        for (DemoTraffic.Event event : events) {
            if (event instanceof DemoTraffic.SpanBatch batch) {
                casefile.spans(batch.otlp(), batch.at());
            } else if (event instanceof DemoTraffic.Feedback feedback) {
                casefile.feedback(feedback.event());
            } else if (event instanceof DemoTraffic.Ticket ticket) {
                casefile.ticket(ticket.ticket());
            }
        }
        casefile.flushRates();
    }

    /** {@code n} answers of {@code model} in the hour from {@code hour}, the first {@code complained} of them complained about. */
    private static void serve(TopologyHarness casefile, String model, Instant hour, int n, int complained) {
        for (int i = 0; i < n; i++) {
            Instant at = hour.plusSeconds(i * 3600L / n);
            String session = "sess_" + model + "_" + hour.getEpochSecond() + "_" + i;
            String traceId = String.format("%016x%016x", (model + hour).hashCode() & 0xffffffffL, i + 1L);
            casefile.spans(Evidence.trace(traceId, session, "01", at, Map.of("model_deployment", model)), at);
            if (i < complained) {
                casefile.feedback(Evidence.feedback("fb_" + session, session, "01", at.plusSeconds(1)).build());
            }
        }
        casefile.flushRates();
    }

    /** Complaints and interactions of these prompt versions in the hourly windows from {@code from} on. */
    private static List<Long> counts(Map<RateKey, ComplaintRate> rates, List<String> values, Instant from) {
        long complaints = 0;
        long interactions = 0;
        for (Map.Entry<RateKey, ComplaintRate> rate : rates.entrySet()) {
            RateKey key = rate.getKey();
            if (key.getTagKey().equals("prompt_version") && values.contains(key.getTagValue()) && key.getWindowSizeMs() == HOUR
                    && !key.getWindowStart().isBefore(from)) {
                complaints += rate.getValue().getComplaints();
                interactions += rate.getValue().getInteractions();
            }
        }
        return List.of(complaints, interactions);
    }
}
