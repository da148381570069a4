package dev.casefile.topology;

import dev.casefile.schema.internal.RateDelta;
import dev.casefile.schema.internal.RateDeltas;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A turn linker's rate changes since the last flush, summed per window: one entry per window (all
 * its tag keys at once) in the changelogged {@code window-rate-buffer} store, so the sums are committed in
 * the same transaction as the turns that made them. The store is written through; an in-memory
 * copy of what it holds saves reading and decoding it back on every turn. The copy belongs to one
 * processor instance: Kafka Streams initialises a new one after every restore, when it starts
 * from the store again.
 */
final class RateBuffer {

    private final KeyValueStore<String, RateDeltas> store;
    /** Window key → tag key → summed change; exactly what the store holds for the windows it has. */
    private final Map<String, TreeMap<String, RateDelta>> held = new HashMap<>();

    RateBuffer(KeyValueStore<String, RateDeltas> store) {
        this.store = store;
    }

    /** Adds one turn's changes: one store write per window they touch. */
    void add(List<RateDelta> deltas) {
        Map<String, List<RateDelta>> byWindow = new LinkedHashMap<>();
        for (RateDelta delta : deltas) {
            byWindow.computeIfAbsent(Rates.windowKey(delta.getWindowSizeMs(), delta.getWindowStart()), k -> new ArrayList<>())
                    .add(delta);
        }
        byWindow.forEach((windowKey, changes) -> {
            TreeMap<String, RateDelta> summed = held.computeIfAbsent(windowKey, this::read);
            for (RateDelta change : changes) {
                RateDelta total = summed.merge(change.getTagKey(), change, Rates::sum);
                if (total.getChanges().isEmpty()) {
                    summed.remove(change.getTagKey());
                }
            }
            if (summed.isEmpty()) {
                store.delete(windowKey);
            } else {
                store.put(windowKey, new RateDeltas(new ArrayList<>(summed.values())));
            }
        });
    }

    /** Everything summed since the last drain, one change per tag key and window; the buffer is empty afterwards. */
    List<RateDelta> drain() {
        List<KeyValue<String, RateDeltas>> windows = new ArrayList<>();
        try (KeyValueIterator<String, RateDeltas> all = store.all()) {
            all.forEachRemaining(windows::add);
        }
        List<RateDelta> drained = new ArrayList<>();
        for (KeyValue<String, RateDeltas> window : windows) {
            store.delete(window.key);
            window.value.getDeltas().stream().filter(d -> !d.getChanges().isEmpty()).forEach(drained::add);
        }
        held.clear();
        return drained;
    }

    private TreeMap<String, RateDelta> read(String windowKey) {
        TreeMap<String, RateDelta> summed = new TreeMap<>();
        RateDeltas stored = store.get(windowKey);
        if (stored != null) {
            stored.getDeltas().forEach(d -> summed.put(d.getTagKey(), d));
        }
        return summed;
    }
}
