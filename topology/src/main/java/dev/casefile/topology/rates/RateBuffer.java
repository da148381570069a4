package dev.casefile.topology.rates;

import dev.casefile.schema.internal.RateDelta;
import dev.casefile.schema.internal.RateDeltas;
import dev.casefile.schema.internal.ValueDelta;
import dev.casefile.topology.query.RateKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A task's rate changes since the last flush, summed per window: one entry per window (all
 * its tag keys at once) in the changelogged {@code window-rate-buffer} store, so the sums are committed in
 * the same transaction as the turns that made them. An in-memory copy of what the store holds
 * saves reading and decoding it back on every turn, and is summed in place. The store is written on
 * every turn; in the topology Kafka Streams' record cache sits in front of it, so each window is
 * logged once per commit however many turns changed it (it is still encoded on every write). The copy belongs to one processor instance: Kafka
 * Streams initialises a new one after every restore, when it starts from the store again.
 */
final class RateBuffer {

    private final KeyValueStore<String, RateDeltas> store;
    /** Window key → the window's sums; exactly what the store holds (or will, at the next commit) for the windows it has. */
    private final Map<String, Window> held = new HashMap<>();

    RateBuffer(KeyValueStore<String, RateDeltas> store) {
        this.store = store;
    }

    /** Adds one turn's changes: one store write per window they touch. */
    void add(List<RateDelta> deltas) {
        Map<String, Window> touched = new HashMap<>(4);
        for (RateDelta delta : deltas) {
            String windowKey = RateKeys.windowKey(delta.getWindowSizeMs(), delta.getWindowStart());
            Window window = touched.computeIfAbsent(windowKey, k -> held.computeIfAbsent(k, this::read));
            window.add(delta);
        }
        touched.forEach((windowKey, window) -> {
            if (window.isEmpty()) {
                store.delete(windowKey);
            } else {
                store.put(windowKey, window.record());
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

    private Window read(String windowKey) {
        Window window = new Window();
        RateDeltas stored = store.get(windowKey);
        if (stored != null) {
            stored.getDeltas().forEach(window::add);
        }
        return window;
    }

    /**
     * One window's sums, per tag key and value, kept sorted. Its record is rebuilt only where a tag key or value comes
     * or goes; counts change in place, so the record last written always shows the current sums.
     */
    private static final class Window {
        private final TreeMap<String, TagSums> byTag = new TreeMap<>();
        private RateDeltas record;

        void add(RateDelta change) {
            TagSums tag = byTag.get(change.getTagKey());
            if (tag == null) {
                tag = new TagSums(new RateDelta(change.getTagKey(), change.getWindowSizeMs(), change.getWindowStart(),
                        new ArrayList<>()));
                byTag.put(change.getTagKey(), tag);
                record = null;
            }
            tag.add(change.getChanges());
            if (tag.byValue.isEmpty()) {
                byTag.remove(change.getTagKey());
                record = null;
            }
        }

        boolean isEmpty() {
            return byTag.isEmpty();
        }

        RateDeltas record() {
            if (record == null) {
                List<RateDelta> deltas = new ArrayList<>(byTag.size());
                byTag.values().forEach(t -> deltas.add(t.delta));
                record = new RateDeltas(deltas);
            }
            return record;
        }
    }

    /** One tag key's sums in one window: its {@link RateDelta}, whose changes are the non-zero sums by value. */
    private static final class TagSums {
        private final RateDelta delta;
        private final TreeMap<String, ValueDelta> byValue = new TreeMap<>();

        TagSums(RateDelta delta) {
            this.delta = delta;
        }

        void add(List<ValueDelta> changes) {
            boolean valuesChanged = false;
            for (ValueDelta change : changes) {
                ValueDelta total = byValue.get(change.getTagValue());
                if (total == null) {
                    total = new ValueDelta(change.getTagValue(), 0L, 0L);
                    byValue.put(change.getTagValue(), total);
                    valuesChanged = true;
                }
                total.setComplaints(total.getComplaints() + change.getComplaints());
                total.setInteractions(total.getInteractions() + change.getInteractions());
                if (total.getComplaints() == 0 && total.getInteractions() == 0) {
                    byValue.remove(change.getTagValue());
                    valuesChanged = true;
                }
            }
            if (valuesChanged) {
                delta.setChanges(new ArrayList<>(byValue.values()));
            }
        }
    }
}
