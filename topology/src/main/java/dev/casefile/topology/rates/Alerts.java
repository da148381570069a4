package dev.casefile.topology.rates;

import dev.casefile.config.AlertSettings;
import dev.casefile.schema.AlertBaseline;
import dev.casefile.schema.ComplaintRate;
import dev.casefile.schema.RateAlert;
import dev.casefile.schema.internal.AlertState;
import dev.casefile.schema.internal.RateCount;
import dev.casefile.schema.internal.ValueDelta;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The counts behind a new tag value's alert, and the alert they support, as pure functions: what
 * one applied change adds, and whether the sums show the value worse than the ones it replaced.
 *
 * <p>The value's own counts are those of its first {@code horizon} of windows. Its baseline is the
 * tag key's other values over the same windows ({@code SAME_HOURS}) when they were served enough
 * then, as in a ramp or an experiment; otherwise the other values over the day before its first
 * window ({@code BEFORE}), as in a cutover. The alert is a function of these sums alone, so it is
 * the same however the changes were batched: exact after a crash, as the counts are.
 */
final class Alerts {

    private static final int NAMED_BASELINE_VALUES = 5;

    private Alerts() {
    }

    /** The counts of {@code value} first served in {@code firstWindow}, from the rates of its key around it. */
    static AlertState start(String tagKey, String value, long firstWindow, List<ComplaintRate> around, AlertSettings settings) {
        AlertState state = new AlertState(tagKey, value, firstWindow, firstWindow, new RateCount(0L, 0L), new HashMap<>(),
                new HashMap<>(), null);
        for (ComplaintRate rate : around) {
            add(state, rate.getWindowStart().toEpochMilli(), rate.getTagValue(), rate.getComplaints(), rate.getInteractions(),
                    settings);
        }
        return state;
    }

    /** Adds one applied change of window {@code windowStart} to {@code state}; true if it counted. */
    static boolean apply(AlertState state, long windowStart, List<ValueDelta> changes, AlertSettings settings) {
        boolean counted = false;
        for (ValueDelta change : changes) {
            counted |= add(state, windowStart, change.getTagValue(), change.getComplaints(), change.getInteractions(), settings);
        }
        return counted;
    }

    /** Whether a change of this window can count for the value first served in {@code firstWindow}. */
    static boolean inRange(long firstWindow, long windowStart, AlertSettings settings) {
        return windowStart >= firstWindow - AlertSettings.BEFORE_MS && windowStart < firstWindow + settings.horizonMs();
    }

    /** The alert the counts support, if any. */
    static Optional<RateAlert> evaluate(AlertState state, long windowSizeMs, AlertSettings settings) {
        RateCount candidate = state.getCandidate();
        RateCount sameHours = sum(state.getSameHours());
        RateCount before = sum(state.getBefore());
        boolean concurrent = sameHours.getInteractions() >= settings.minInteractions();
        RateCount baseline = concurrent ? sameHours : before;
        if (candidate.getInteractions() < settings.minInteractions() || baseline.getInteractions() < settings.minInteractions()) {
            return Optional.empty();
        }
        long c1 = candidate.getComplaints();
        long n1 = candidate.getInteractions();
        long c0 = baseline.getComplaints();
        long n0 = baseline.getInteractions();
        TwoProportions.Result test = TwoProportions.test(c1, n1, c0, n0);
        double rate = (double) c1 / n1;
        double baselineRate = (double) c0 / n0;
        if (!test.testable() || rate - baselineRate < settings.minIncrease() || test.pValue() > settings.alpha()) {
            return Optional.empty();
        }
        TwoProportions.Interval ci = TwoProportions.wilson(c1, n1);
        TwoProportions.Interval baselineCi = TwoProportions.wilson(c0, n0);
        return Optional.of(RateAlert.newBuilder()
                .setTagKey(state.getTagKey()).setTagValue(state.getTagValue())
                .setFirstWindowStart(Instant.ofEpochMilli(state.getFirstWindowStart()))
                .setLastWindowEnd(Instant.ofEpochMilli(state.getLastWindowStart() + windowSizeMs))
                .setWindowSizeMs(windowSizeMs)
                .setComplaints(c1).setInteractions(n1).setRate(rate).setRateLow(ci.low()).setRateHigh(ci.high())
                .setBaseline(concurrent ? AlertBaseline.SAME_HOURS : AlertBaseline.BEFORE)
                .setBaselineValues(named(concurrent ? state.getSameHours() : state.getBefore()))
                .setBaselineComplaints(c0).setBaselineInteractions(n0).setBaselineRate(baselineRate)
                .setBaselineRateLow(baselineCi.low()).setBaselineRateHigh(baselineCi.high())
                .setZ(test.z()).setPValue(test.pValue())
                .build());
    }

    private static boolean add(AlertState state, long windowStart, String value, long complaints, long interactions,
                               AlertSettings settings) {
        long first = state.getFirstWindowStart();
        if (!inRange(first, windowStart, settings)) {
            return false;
        }
        if (value.equals(state.getTagValue())) {
            if (windowStart < first) {
                return false;
            }
            RateCount own = state.getCandidate();
            own.setComplaints(own.getComplaints() + complaints);
            own.setInteractions(own.getInteractions() + interactions);
            if (interactions > 0 && windowStart > state.getLastWindowStart()) {
                state.setLastWindowStart(windowStart);
            }
            return true;
        }
        addTo(windowStart < first ? state.getBefore() : state.getSameHours(), value, complaints, interactions);
        return true;
    }

    /** Adds to one value's counts; a count back at nothing is removed, so equal sums are equal maps. */
    private static void addTo(Map<String, RateCount> counts, String value, long complaints, long interactions) {
        RateCount count = counts.computeIfAbsent(value, v -> new RateCount(0L, 0L));
        count.setComplaints(count.getComplaints() + complaints);
        count.setInteractions(count.getInteractions() + interactions);
        if (count.getComplaints() == 0 && count.getInteractions() == 0) {
            counts.remove(value);
        }
    }

    private static RateCount sum(Map<String, RateCount> counts) {
        long complaints = 0;
        long interactions = 0;
        for (RateCount count : counts.values()) {
            complaints += count.getComplaints();
            interactions += count.getInteractions();
        }
        return new RateCount(complaints, interactions);
    }

    /** The baseline's values, most interactions first (then by name), at most five. */
    private static List<String> named(Map<String, RateCount> counts) {
        return counts.entrySet().stream().filter(e -> e.getValue().getInteractions() > 0)
                .sorted(Comparator.comparingLong((Map.Entry<String, RateCount> e) -> -e.getValue().getInteractions())
                        .thenComparing(Map.Entry::getKey))
                .limit(NAMED_BASELINE_VALUES).map(Map.Entry::getKey).toList();
    }
}
