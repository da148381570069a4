package dev.casefile.topology;

import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A processor's view of a store under retention: every call goes to the store, and every value
 * written is also shown to the store's retention pass, which so knows the earliest moment anything
 * written since its last pass can expire (and skips passes that could expire nothing).
 */
final class RetainedStore<K, V> implements KeyValueStore<K, V> {

    private final KeyValueStore<K, V> store;
    private final Consumer<V> written;

    RetainedStore(KeyValueStore<K, V> store, Consumer<V> written) {
        this.store = store;
        this.written = written;
    }

    @Override
    public void put(K key, V value) {
        store.put(key, value);
        if (value != null) {
            written.accept(value);
        }
    }

    @Override
    public V putIfAbsent(K key, V value) {
        V previous = store.putIfAbsent(key, value);
        if (previous == null && value != null) {
            written.accept(value);
        }
        return previous;
    }

    @Override
    public void putAll(List<KeyValue<K, V>> entries) {
        store.putAll(entries);
        entries.stream().filter(kv -> kv.value != null).forEach(kv -> written.accept(kv.value));
    }

    @Override
    public V delete(K key) {
        return store.delete(key);
    }

    @Override
    public V get(K key) {
        return store.get(key);
    }

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        return store.range(from, to);
    }

    @Override
    public KeyValueIterator<K, V> reverseRange(K from, K to) {
        return store.reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<K, V> all() {
        return store.all();
    }

    @Override
    public KeyValueIterator<K, V> reverseAll() {
        return store.reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(P prefix, PS prefixKeySerializer) {
        return store.prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        return store.approximateNumEntries();
    }

    @Override
    public String name() {
        return store.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        throw new UnsupportedOperationException("A processor's view of " + store.name() + " is not registered with Kafka Streams");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("Kafka Streams closes " + store.name() + ", not its processor");
    }

    @Override
    public boolean persistent() {
        return store.persistent();
    }

    @Override
    public boolean isOpen() {
        return store.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return store.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return store.getPosition();
    }
}
