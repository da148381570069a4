package dev.casefile.topology.rates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.config.AlertSettings;
import dev.casefile.schema.internal.AlertState;
import dev.casefile.schema.internal.RateCount;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The rollout alert's statistics: the z-test and Wilson intervals by hand, and the false-alarm rate over repeated looks. */
class TwoProportionsTest {

    private static final Logger LOG = LoggerFactory.getLogger(TwoProportionsTest.class);
    private static final AlertSettings DEFAULTS = new AlertSettings(true, 200, 0.001, 0.02, 7L * 24 * 3600 * 1000, 3_600_000L);

    @Test
    void theZTestAndTheIntervalsMatchTheirFormulas() {
        // 96/412 against 51/430: pooled 147/842; z = (0.23301 - 0.11860) / sqrt(p(1-p)(1/412 + 1/430)) = 4.3715.
        TwoProportions.Result result = TwoProportions.test(96, 412, 51, 430);
        assertEquals(4.3715, result.z(), 1e-4);
        assertEquals(6.17e-6, result.pValue(), 0.01e-6);
        assertTrue(result.testable());
        TwoProportions.Interval ci = TwoProportions.wilson(96, 412);
        assertEquals(0.19477, ci.low(), 1e-5);
        assertEquals(0.27618, ci.high(), 1e-5);
        assertEquals(0.0, TwoProportions.wilson(0, 50).low(), 1e-12);
    }

    @Test
    void tooFewExpectedComplaintsAreNotTested() {
        assertFalse(TwoProportions.test(3, 200, 1, 200).testable(), "4 complaints in 400: the normal approximation fails");
    }

    /**
     * 2,000 simulated rollouts of a new value exactly as good as the old (12% complaints each), each looked at after
     * every 10 answers per side up to 600 (60 looks, as the processor looks whenever a window changes): the share of
     * rollouts that ever alert is the false-alarm rate. It must stay under 1%.
     */
    @Test
    void repeatedLooksAtEqualRatesRarelyAlert() {
        Random random = new Random(20261201);
        int runs = 2000;
        int alarmed = 0;
        for (int run = 0; run < runs; run++) {
            long c1 = 0;
            long c0 = 0;
            boolean alarm = false;
            for (int n = 1; n <= 600 && !alarm; n++) {
                c1 += random.nextDouble() < 0.12 ? 1 : 0;
                c0 += random.nextDouble() < 0.12 ? 1 : 0;
                if (n % 10 == 0) {
                    alarm = Alerts.evaluate(state(c1, n, c0, n), 3_600_000L, DEFAULTS).isPresent();
                }
            }
            alarmed += alarm ? 1 : 0;
        }
        double rate = (double) alarmed / runs;
        LOG.info("False alarms: {} of {} simulated rollouts with equal rates ({}%)", alarmed, runs, String.format("%.2f", 100 * rate));
        assertTrue(rate < 0.01, alarmed + " of " + runs);
    }

    private static AlertState state(long c1, long n1, long c0, long n0) {
        Map<String, RateCount> sameHours = new HashMap<>(Map.of("old", new RateCount(c0, n0)));
        return new AlertState("prompt_version", "new", 0L, 0L, new RateCount(c1, n1), sameHours, new HashMap<>(), null);
    }
}
