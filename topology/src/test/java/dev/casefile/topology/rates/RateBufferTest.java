package dev.casefile.topology.rates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.config.CasefileConfig;
import dev.casefile.schema.internal.RateDelta;
import dev.casefile.schema.internal.RateDeltas;
import dev.casefile.schema.internal.ValueDelta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateBufferTest {

    private static final long HOUR = 3_600_000L;
    private static final Instant NINE = Instant.parse("2026-05-12T09:00:00Z");
    private static final Instant TEN = Instant.parse("2026-05-12T10:00:00Z");

    private final KeyValueStore<String, RateDeltas> store = builder(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("buffer"),
            Serdes.String(), new CasefileConfig(Map.of()).recordSerdes().forType(RateDeltas.class, false))
            .withLoggingDisabled()).build();

    RateBufferTest() {
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    /** The store the buffer runs on: a plain one (the topology puts the record cache in front, which the driver tests run). */
    StoreBuilder<KeyValueStore<String, RateDeltas>> builder(StoreBuilder<KeyValueStore<String, RateDeltas>> plain) {
        return plain;
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void sumsPerTagKeyAndWindowOneStoreEntryPerWindowAndDrainsEmpty() {
        RateBuffer buffer = new RateBuffer(store);
        buffer.add(List.of(delta("prompt_version", NINE, "v1", 1, 0), delta("model", NINE, "m1", 1, 0),
                delta("prompt_version", TEN, "v2", 1, 1)));
        buffer.add(List.of(delta("prompt_version", NINE, "v1", 1, 1), delta("prompt_version", NINE, "v2", 1, 0)));
        assertEquals(2, store.approximateNumEntries(), "one entry per window, every tag key in it");

        List<RateDelta> drained = buffer.drain();

        assertEquals(List.of(delta("model", NINE, "m1", 1, 0), delta("prompt_version", NINE, List.of(
                new ValueDelta("v1", 1L, 2L), new ValueDelta("v2", 0L, 1L))), delta("prompt_version", TEN, "v2", 1, 1)),
                sorted(drained));
        assertEquals(0, store.approximateNumEntries());
        assertTrue(buffer.drain().isEmpty());
    }

    @Test
    void aNewInstanceGoesOnFromWhatTheStoreHolds() {
        new RateBuffer(store).add(List.of(delta("model", NINE, "m1", 3, 1)));
        // As after a restore: a new processor instance, the same store.
        RateBuffer restored = new RateBuffer(store);
        restored.add(List.of(delta("model", NINE, "m1", -1, -1)));

        assertEquals(List.of(delta("model", NINE, "m1", 2, 0)), restored.drain());
    }

    @Test
    void changesThatCancelOutLeaveNothingBehind() {
        RateBuffer buffer = new RateBuffer(store);
        buffer.add(List.of(delta("model", NINE, "m1", 1, 1)));
        buffer.add(List.of(delta("model", NINE, "m1", -1, -1)));

        assertEquals(0, store.approximateNumEntries());
        assertTrue(buffer.drain().isEmpty());
    }

    private static RateDelta delta(String tagKey, Instant window, String value, long interactions, long complaints) {
        return delta(tagKey, window, List.of(new ValueDelta(value, complaints, interactions)));
    }

    private static RateDelta delta(String tagKey, Instant window, List<ValueDelta> changes) {
        return new RateDelta(tagKey, HOUR, window.toEpochMilli(), new ArrayList<>(changes));
    }

    private static List<RateDelta> sorted(List<RateDelta> deltas) {
        return deltas.stream().sorted(java.util.Comparator.comparing(Rates::storeKey)).toList();
    }
}
