package dev.casefile.topology.store;

import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A processor's view of a store under retention: every call goes to the store, and every value
 * written is also shown to the store's retention pass, which so knows the earliest moment anything
 * written since its last pass can expire (and skips passes that could expire nothing).
 */
final class RetainedStore<K, V> extends ForwardingKeyValueStore<K, V> {

    private final Consumer<V> written;

    RetainedStore(KeyValueStore<K, V> store, Consumer<V> written) {
        super(store);
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
    public void init(StateStoreContext context, StateStore root) {
        throw new UnsupportedOperationException("A processor's view of " + store.name() + " is not registered with Kafka Streams");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("Kafka Streams closes " + store.name() + ", not its processor");
    }
}
