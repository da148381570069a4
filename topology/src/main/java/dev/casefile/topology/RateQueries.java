package dev.casefile.topology;

import dev.casefile.schema.ComplaintRate;
import dev.casefile.schema.internal.RateWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Reads the complaint-rates store: the rates of one tag key across its values over a time range. */
public final class RateQueries {

    private RateQueries() {
    }

    /**
     * Every value's rate of {@code tagKey} in the windows of length {@code windowSizeMs} that overlap
     * [{@code from}, {@code to}), oldest window first, values in order; {@code is_final} marks closed windows.
     */
    public static List<ComplaintRate> rates(ReadOnlyKeyValueStore<String, RateWindow> store, String tagKey,
                                            long windowSizeMs, Instant from, Instant to) {
        List<ComplaintRate> rates = new ArrayList<>();
        String lower = Rates.storeKey(tagKey, windowSizeMs, Rates.windowStart(from, windowSizeMs));
        String upper = Rates.storeKey(tagKey, windowSizeMs, to);
        try (KeyValueIterator<String, RateWindow> windows = store.range(lower, upper)) {
            while (windows.hasNext()) {
                RateWindow window = windows.next().value;
                if (!window.getWindowStart().isBefore(to)) {
                    continue;
                }
                for (String value : new TreeSet<>(window.getCounts().keySet())) {
                    rates.add(Rates.rate(window, value, window.getClosed()));
                }
            }
        }
        return rates;
    }
}
