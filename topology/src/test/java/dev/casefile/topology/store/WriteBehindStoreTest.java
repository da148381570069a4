package dev.casefile.topology.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CachedStateStore;
import org.junit.jupiter.api.Test;

/** The rate buffer's store: each key encoded and written once per commit, however often it changed, and only then. */
class WriteBehindStoreTest {

    /** The bytes store beneath, to see what was written to it (and so to its changelog). */
    private final KeyValueStore<Bytes, byte[]> beneath = Stores.inMemoryKeyValueStore("buffer").get();
    private final KeyValueStore<String, Long> store = WriteBehindStore.builder(
            Stores.keyValueStoreBuilder(supplier(), Serdes.String(), Serdes.Long()).withLoggingDisabled()).build();

    WriteBehindStoreTest() {
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    @Test
    void writesOnlyTheLastValueOfEachKeyAndOnlyWhenCommitted() {
        for (long i = 1; i <= 100; i++) {
            store.put("window-a", i);
        }
        store.put("window-b", 7L);
        store.delete("window-b");
        assertEquals(100L, store.get("window-a"), "reads see what is pending");
        assertNull(store.get("window-b"));
        assertEquals(Map.of(), written());

        cache().flushCache(); // Kafka Streams' hook before the task's transaction commits

        assertEquals(Map.of("window-a", 100L), written());
        assertEquals(100L, store.get("window-a"));
    }

    @Test
    void aScanWritesWhatIsPendingFirst() {
        store.put("a", 1L);
        cache().flushCache();
        store.put("b", 2L);
        store.delete("a");

        List<KeyValue<String, Long>> all = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = store.all()) {
            it.forEachRemaining(all::add);
        }

        assertEquals(List.of(KeyValue.pair("b", 2L)), all);
        assertEquals(Map.of("b", 2L), written());
    }

    @Test
    void aStoreClosedAndRevivedStartsFromWhatWasCommitted() {
        // A dirty close: Kafka Streams aborts the transaction, wipes the store and closes it, re-initialises the same
        // store object and restores the changelog's committed content into the store beneath.
        store.put("a", 1L);
        cache().flushCache();
        store.put("a", 2L);
        store.put("b", 3L);
        store.close();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        beneath.put(Bytes.wrap("a".getBytes(StandardCharsets.UTF_8)), Serdes.Long().serializer().serialize("", 1L));

        assertEquals(1L, store.get("a"));
        assertNull(store.get("b"));
        cache().flushCache();
        assertEquals(Map.of("a", 1L), written());
    }

    @Test
    void recyclingDropsWhatWasNotCommitted() {
        store.put("a", 1L);
        cache().clearCache();
        cache().flushCache();

        assertNull(store.get("a"));
        assertEquals(Map.of(), written());
    }

    @Test
    void anotherThreadReadsWhatWasCommittedAndWritesNothing() throws Exception {
        store.put("a", 1L);
        cache().flushCache();
        store.put("a", 2L);
        store.put("b", 3L);

        List<Object> seen = new ArrayList<>();
        Thread query = new Thread(() -> {
            seen.add(store.get("a"));
            seen.add(store.get("b"));
            try (KeyValueIterator<String, Long> it = store.all()) {
                List<KeyValue<String, Long>> all = new ArrayList<>();
                it.forEachRemaining(all::add);
                seen.add(all);
            }
            seen.add(store.approximateNumEntries());
        });
        query.start();
        query.join();

        assertEquals(Arrays.asList(1L, null, List.of(KeyValue.pair("a", 1L)), 1L), seen);
        assertEquals(Map.of("a", 1L), written(), "a query's thread writes nothing through");
        assertEquals(2L, store.get("a"), "the writer still sees its pending writes");
        assertEquals(2L, store.approximateNumEntries());
    }

    private CachedStateStore<?, ?> cache() {
        return (CachedStateStore<?, ?>) store;
    }

    private Map<String, Long> written() {
        Map<String, Long> written = new TreeMap<>();
        try (KeyValueIterator<Bytes, byte[]> it = beneath.all()) {
            it.forEachRemaining(kv -> written.put(new String(kv.key.get()), Serdes.Long().deserializer().deserialize("", kv.value)));
        }
        return written;
    }

    private KeyValueBytesStoreSupplier supplier() {
        return new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return "buffer";
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return beneath;
            }

            @Override
            public String metricsScope() {
                return "in-memory";
            }
        };
    }
}
