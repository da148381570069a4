package dev.casefile.topology.store;

import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Processor suppliers that declare the stores their processors use ({@code ConnectedStoreProvider}),
 * so a store is built and connected next to the code that reads and writes it.
 */
public final class StatefulSupplier {

    private StatefulSupplier() {
    }

    /** A supplier of new processors from {@code processor}, connected to {@code stores}. */
    public static <KIn, VIn, KOut, VOut> ProcessorSupplier<KIn, VIn, KOut, VOut> of(
            Supplier<Processor<KIn, VIn, KOut, VOut>> processor, StoreBuilder<?>... stores) {
        Set<StoreBuilder<?>> declared = Set.of(stores);
        return new ProcessorSupplier<>() {
            @Override
            public Processor<KIn, VIn, KOut, VOut> get() {
                return processor.get();
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return declared;
            }
        };
    }


    /** A persistent (RocksDB) key-value store, logged to its changelog topic {@code <application.id>-<name>-changelog}. */
    public static <K, V> StoreBuilder<KeyValueStore<K, V>> persistent(String name, Serde<K> keys, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values);
    }
}
