package dev.casefile.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Latency is timed from the last acknowledgement; results acknowledged before the timed part are warm-up. */
class LatencyTrackerTest {

    private static final long ORIGIN = 1_000_000_000L;

    private static long at(long millis) {
        return ORIGIN + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void splitsWarmUpFromTimedResultsByTheLastAcknowledgement() {
        LatencyTracker tracker = new LatencyTracker(ORIGIN);
        tracker.measureFrom(at(5_000));

        tracker.expect("early", 2, true);
        tracker.acked("early", at(1_000));
        tracker.acked("early", at(4_900));
        tracker.arrived("early", at(5_200));      // last input acked in the warm-up: 300 ms, warm-up

        tracker.expect("late", 2, true);
        tracker.acked("late", at(4_000));
        tracker.arrived("late", at(6_100));       // arrived before its last input: not finished yet
        tracker.acked("late", at(6_050));         // last input acked after the warm-up: 50 ms, timed

        tracker.expect("untimed", 1, false);
        tracker.acked("untimed", at(6_000));
        tracker.arrived("untimed", at(6_500));

        assertEquals(1, tracker.warmupHistogram().getTotalCount());
        assertEquals(300, tracker.warmupHistogram().getMaxValue(), 1);
        assertEquals(1, tracker.histogram().getTotalCount());
        assertEquals(50, tracker.histogram().getMaxValue(), 1);
        assertEquals(0, tracker.outstanding());
        List<LatencyTracker.Second> series = tracker.perSecond(ORIGIN);
        assertEquals(List.of(5L, 6L), series.stream().map(LatencyTracker.Second::second).toList(),
                "warm-up and timed results are in the per-second series");
        assertEquals(300, series.get(0).p99(), 1);
        assertEquals(1, series.get(1).results(), "second 6 holds the timed result; untimed ones are not in the series");
        assertEquals(1_000, series.get(1).at().toEpochMilli() - series.get(0).at().toEpochMilli(), "a second apart by the wall clock");
    }
}
