package dev.casefile.topology.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A key-value store that keeps the values written to it as objects until Kafka Streams commits the
 * task, then writes the last value of each key to the store beneath (and so to its changelog).
 * Built by {@link #builder}, around the store's own builder.
 *
 * <p>Only the thread that writes (the stream thread) sees the pending writes: its reads of single
 * keys read them, and its scans write them through first. Any other thread (an interactive query)
 * reads the store beneath, what the last commit left, and never writes.
 *
 * <p>Kafka Streams has no public hook before a task's transaction commits, so this implements the one
 * its record cache uses, {@link CachedStateStore} (an internal interface of Kafka Streams): {@code
 * flushCache()} runs in {@code StreamTask.prepareCommit}, before the transaction, so with
 * exactly-once the pending writes are in the same transaction as the records that caused them.
 * Unlike the record cache, a key written many times between commits is also encoded only once.
 * When a task is closed dirty (a crash of its transaction, a corrupted task), Kafka Streams still
 * calls {@code flushCache()}, then aborts the transaction, wipes the store and closes it: {@link
 * #close()} drops what is pending, so a task revived with this same store object starts from the
 * changelog alone. {@code CrashRecoveryIT} (the rates stay exact when Casefile is killed
 * mid-stream) fails if a Kafka upgrade moves that hook.
 */
public final class WriteBehindStore<K, V> extends ForwardingKeyValueStore<K, V> implements CachedStateStore<K, V> {

    /** Key → the last value written since the last commit; null for a delete. Read and written by {@link #writer} only. */
    private final Map<K, V> pending = new LinkedHashMap<>();
    /** The thread that writes: the task's stream thread. Set only by that thread, so no other can take itself for it. */
    private Thread writer;

    private WriteBehindStore(KeyValueStore<K, V> store) {
        super(store);
    }

    /** {@code builder}'s store, written behind. */
    public static <K, V> StoreBuilder<KeyValueStore<K, V>> builder(StoreBuilder<KeyValueStore<K, V>> builder) {
        return new Builder<>(builder);
    }

    @Override
    public void put(K key, V value) {
        writer = Thread.currentThread();
        pending.put(key, value);
    }

    @Override
    public V putIfAbsent(K key, V value) {
        V current = get(key);
        if (current == null) {
            put(key, value);
        }
        return current;
    }

    @Override
    public void putAll(List<KeyValue<K, V>> entries) {
        entries.forEach(kv -> put(kv.key, kv.value));
    }

    @Override
    public V delete(K key) {
        V current = get(key);
        writer = Thread.currentThread();
        pending.put(key, null);
        return current;
    }

    @Override
    public V get(K key) {
        return isWriter() && pending.containsKey(key) ? pending.get(key) : store.get(key);
    }

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        writePendingIfWriter();
        return store.range(from, to);
    }

    @Override
    public KeyValueIterator<K, V> reverseRange(K from, K to) {
        writePendingIfWriter();
        return store.reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<K, V> all() {
        writePendingIfWriter();
        return store.all();
    }

    @Override
    public KeyValueIterator<K, V> reverseAll() {
        writePendingIfWriter();
        return store.reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(P prefix, PS prefixKeySerializer) {
        writePendingIfWriter();
        return store.prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        writePendingIfWriter();
        return store.approximateNumEntries();
    }

    /**
     * Kafka Streams' hook before a task commits its transaction (in {@code StreamTask.prepareCommit}, as for the record
     * cache): the pending writes go to the store beneath, whose changelog records so join the transaction. The stores'
     * own {@code commit} comes after the transaction.
     */
    @Override
    public void flushCache() {
        writePending();
        if (store instanceof CachedStateStore<?, ?> beneath) {
            beneath.flushCache();
        }
    }

    /** Kafka Streams calls this when it recycles the task's stores: what was not committed is dropped, as the record cache drops it. */
    @Override
    public void clearCache() {
        pending.clear();
        if (store instanceof CachedStateStore<?, ?> beneath) {
            beneath.clearCache();
        }
    }

    /** Nothing is forwarded on a flush: this is not a table's cache. */
    @Override
    public boolean setFlushListener(CacheFlushListener<K, V> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public void close() {
        // What was not committed is not kept: after a crash or an aborted transaction the store restarts from its changelog.
        pending.clear();
        store.close();
    }

    /**
     * Scans and counts write the pending writes through on the writer's thread only: a query's thread never writes.
     * Kafka Streams' own calls ({@code flushCache}, {@code close}) act on whatever thread makes them, as they come while
     * it holds the task.
     */
    private void writePendingIfWriter() {
        if (isWriter()) {
            writePending();
        }
    }

    private void writePending() {
        if (pending.isEmpty()) {
            return;
        }
        pending.forEach((key, value) -> {
            if (value == null) {
                store.delete(key);
            } else {
                store.put(key, value);
            }
        });
        pending.clear();
    }

    private boolean isWriter() {
        return Thread.currentThread() == writer;
    }

    /** Builds the store beneath with {@code builder} and writes behind it. */
    private static final class Builder<K, V> implements StoreBuilder<KeyValueStore<K, V>> {
        private final StoreBuilder<KeyValueStore<K, V>> builder;

        Builder(StoreBuilder<KeyValueStore<K, V>> builder) {
            this.builder = builder;
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withCachingEnabled() {
            builder.withCachingEnabled();
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withCachingDisabled() {
            builder.withCachingDisabled();
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withLoggingEnabled(Map<String, String> config) {
            builder.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withLoggingDisabled() {
            builder.withLoggingDisabled();
            return this;
        }

        @Override
        public KeyValueStore<K, V> build() {
            return new WriteBehindStore<>(builder.build());
        }

        @Override
        public Map<String, String> logConfig() {
            return builder.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return builder.loggingEnabled();
        }

        @Override
        public String name() {
            return builder.name();
        }
    }
}
