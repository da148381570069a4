package dev.casefile.topology.store;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A walk over a whole key-value store, a slice at a time, so that a pass over millions of entries
 * is spread over many punctuations instead of holding the stream thread for seconds. Where the walk
 * stands is kept in memory: after a restart, a pass starts over. Each slice is read completely
 * before it is handed out, so the caller may write or delete the entries it gets.
 */
public final class StoreWalk<K, V> {

    private final KeyValueStore<K, V> store;
    private final int sliceSize;
    private boolean running;
    private K resumeAfter;

    public StoreWalk(KeyValueStore<K, V> store, int sliceSize) {
        this.store = store;
        this.sliceSize = sliceSize;
    }

    /** Starts a walk from the first entry, unless one is under way (which then simply goes on). */
    public void start() {
        if (!running) {
            running = true;
            resumeAfter = null;
        }
    }

    /** Whether a walk is under way: it has started and not yet handed out the last entry. */
    public boolean running() {
        return running;
    }

    /** The next slice of the walk under way, at most {@code sliceSize} entries; none when no walk is under way. */
    public List<KeyValue<K, V>> next() {
        if (!running) {
            return List.of();
        }
        List<KeyValue<K, V>> slice = new ArrayList<>();
        boolean more = false;
        try (KeyValueIterator<K, V> entries = resumeAfter == null ? store.all() : store.range(resumeAfter, null)) {
            while (entries.hasNext()) {
                KeyValue<K, V> kv = entries.next();
                if (kv.key.equals(resumeAfter)) {
                    continue;
                }
                if (slice.size() == sliceSize) {
                    more = true;
                    break;
                }
                slice.add(kv);
            }
        }
        if (!slice.isEmpty()) {
            resumeAfter = slice.get(slice.size() - 1).key;
        }
        running = more;
        return slice;
    }
}
