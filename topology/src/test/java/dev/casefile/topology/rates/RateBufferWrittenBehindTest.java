package dev.casefile.topology.rates;

import dev.casefile.schema.internal.RateDeltas;
import dev.casefile.topology.store.WriteBehindStore;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/** Every {@link RateBufferTest} again, on the store as the topology builds it: written behind. */
class RateBufferWrittenBehindTest extends RateBufferTest {

    @Override
    StoreBuilder<KeyValueStore<String, RateDeltas>> builder(StoreBuilder<KeyValueStore<String, RateDeltas>> plain) {
        return WriteBehindStore.builder(plain);
    }
}
