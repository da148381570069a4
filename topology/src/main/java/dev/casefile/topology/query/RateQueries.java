package dev.casefile.topology.query;

import dev.casefile.schema.ComplaintRate;
import dev.casefile.schema.internal.RateCount;
import dev.casefile.schema.internal.RateWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Reads the complaint-rates store: the rates of one tag key across its values over a time range. */
public final class RateQueries {

    /** The value the cardinality guard folds excess values into. */
    public static final String OTHER = "__other__";

    private RateQueries() {
    }

    /**
     * Every value's rate of {@code tagKey} in the windows of length {@code windowSizeMs} that overlap
     * [{@code from}, {@code to}), oldest window first, values in order; {@code is_final} marks closed windows.
     */
    public static List<ComplaintRate> rates(ReadOnlyKeyValueStore<String, RateWindow> store, String tagKey,
                                            long windowSizeMs, Instant from, Instant to) {
        List<ComplaintRate> rates = new ArrayList<>();
        String lower = RateKeys.storeKey(tagKey, windowSizeMs, RateKeys.windowStart(from.toEpochMilli(), windowSizeMs));
        String upper = RateKeys.storeKey(tagKey, windowSizeMs, to.toEpochMilli());
        try (KeyValueIterator<String, RateWindow> windows = store.range(lower, upper)) {
            while (windows.hasNext()) {
                RateWindow window = windows.next().value;
                if (!Instant.ofEpochMilli(window.getWindowStart()).isBefore(to)) {
                    continue;
                }
                for (String value : new TreeSet<>(window.getCounts().keySet())) {
                    rates.add(rate(window, value, window.getClosed()));
                }
            }
        }
        return rates;
    }

    /**
     * Every value's rate of {@code tagKey} in its newest window of length {@code windowSizeMs} in {@code store} that
     * has started by {@code now}: the current window, as every window of one tag key is counted in one task. Windows
     * that start after {@code now} (a turn whose event time is ahead of the wall clock) are skipped, so they do not
     * become current before their time. Empty if there is none.
     */
    public static List<ComplaintRate> newest(ReadOnlyKeyValueStore<String, RateWindow> store, String tagKey, long windowSizeMs,
                                             Instant now) {
        String prefix = RateKeys.windowPrefix(tagKey, windowSizeMs);
        // Keys sort by window start; the key of a window starting at now is the upper bound, inclusive.
        String upTo = RateKeys.storeKey(tagKey, windowSizeMs, now.toEpochMilli());
        try (KeyValueIterator<String, RateWindow> windows = store.reverseRange(prefix, upTo)) {
            if (!windows.hasNext()) {
                return List.of();
            }
            RateWindow window = windows.next().value;
            List<ComplaintRate> rates = new ArrayList<>();
            for (String value : new TreeSet<>(window.getCounts().keySet())) {
                rates.add(rate(window, value, window.getClosed()));
            }
            return rates;
        }
    }

    /** The rate of {@code value} in {@code window}, as written to complaint-rate-by-tag. */
    public static ComplaintRate rate(RateWindow window, String value, boolean isFinal) {
        RateCount count = window.getCounts().get(value);
        long complaints = count == null ? 0 : count.getComplaints();
        long interactions = count == null ? 0 : count.getInteractions();
        return ComplaintRate.newBuilder()
                .setTagKey(window.getTagKey())
                .setTagValue(value)
                .setWindowStart(Instant.ofEpochMilli(window.getWindowStart()))
                .setWindowEnd(Instant.ofEpochMilli(window.getWindowStart() + window.getWindowSizeMs()))
                .setWindowSizeMs(window.getWindowSizeMs())
                .setComplaints(complaints)
                .setInteractions(interactions)
                .setRate(interactions == 0 ? 0.0 : (double) complaints / interactions)
                .setFoldedValues(OTHER.equals(value) ? window.getFoldedHashes().size() : 0)
                .setIsFinal(isFinal)
                .build();
    }
}
