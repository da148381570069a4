package dev.casefile.topology.rates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.config.CasefileConfig;
import dev.casefile.config.RateSettings;
import dev.casefile.config.Retention;
import dev.casefile.schema.internal.RateDelta;
import dev.casefile.schema.internal.RateWindow;
import dev.casefile.schema.internal.ValueDelta;
import dev.casefile.topology.query.Stores;
import dev.casefile.topology.store.StoreRetention;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Closing rate windows reads the store a slice at a time, as retention passes do, and closes every window once. */
class RateWindowClosingTest {

    private static final long HOUR = 3_600_000L;
    private static final long GRACE = 2 * HOUR;
    private static final long RETENTION = 10 * HOUR;
    private static final Instant NINE = Instant.parse("2026-05-12T09:00:00Z");
    private static final int WINDOWS = 2 * StoreRetention.SLICE + 500;

    private final MockProcessorContext<String, Aggregated> context = new MockProcessorContext<>();
    private final KeyValueStore<String, RateWindow> store = org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                    org.apache.kafka.streams.state.Stores.inMemoryKeyValueStore(Stores.COMPLAINT_RATES), Serdes.String(),
                    new CasefileConfig(Map.of()).recordSerdes().forType(RateWindow.class, false))
            .withLoggingDisabled().build();
    private final RateAggregator aggregator = new RateAggregator(new RateSettings(HOUR, GRACE, 50, 1_000),
            new Retention(RETENTION, RETENTION, HOUR));

    RateWindowClosingTest() {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        aggregator.init(context);
        for (int i = 0; i < WINDOWS; i++) {
            String tagKey = String.format("k%05d", i);
            aggregator.process(new Record<>(tagKey, new RateDelta(tagKey, HOUR, NINE.toEpochMilli(), List.of(new ValueDelta("v", 1L, 1L))),
                    NINE.toEpochMilli()));
        }
        context.resetForwards();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aPassClosesOneSliceAtOnceAndTheRestOneSliceASecondEachWindowOnce() {
        long due = NINE.toEpochMilli() + HOUR + GRACE;
        streamTime(due);
        assertEquals(StoreRetention.SLICE, finals().size(), "the first slice at once");

        wallClock();
        assertEquals(2 * StoreRetention.SLICE, finals().size());
        wallClock();
        wallClock();
        assertEquals(WINDOWS, finals().size(), "the rest a slice per wall-clock second; the pass then ends");
        assertEquals(WINDOWS, new HashSet<>(finals()).size(), "each window closed once");
        try (KeyValueIterator<String, RateWindow> all = store.all()) {
            all.forEachRemaining(kv -> assertTrue(kv.value.getClosed(), kv.key));
        }

        streamTime(due + HOUR);
        wallClock();
        wallClock();
        assertEquals(WINDOWS, finals().size(), "a closed window is not closed again");
    }

    @Test
    void closedWindowsPastRetentionGoASliceAtATime() {
        long due = NINE.toEpochMilli() + HOUR + GRACE;
        streamTime(due);
        wallClock();
        wallClock();
        streamTime(due + RETENTION + 1);
        assertEquals(WINDOWS - StoreRetention.SLICE, store.approximateNumEntries());
        wallClock();
        wallClock();
        assertEquals(0, store.approximateNumEntries());
    }

    @Test
    void aWindowNotYetDueStaysOpen() {
        streamTime(NINE.toEpochMilli() + HOUR + GRACE - 1);
        wallClock();
        wallClock();
        wallClock();
        assertEquals(List.of(), finals());
    }

    /** Keys of the windows whose final records were forwarded, in order. */
    private List<String> finals() {
        List<String> keys = new ArrayList<>();
        for (MockProcessorContext.CapturedForward<? extends String, ? extends Aggregated> forward : context.forwarded()) {
            if (forward.record().value() instanceof Aggregated.Rate rate && rate.rate().getIsFinal()) {
                keys.add(forward.record().key());
            }
        }
        return keys;
    }

    private void streamTime(long now) {
        punctuate(PunctuationType.STREAM_TIME, now);
    }

    private void wallClock() {
        punctuate(PunctuationType.WALL_CLOCK_TIME, 0);
    }

    private void punctuate(PunctuationType type, long now) {
        Set<Object> ran = new HashSet<>();
        for (MockProcessorContext.CapturedPunctuator p : context.scheduledPunctuators()) {
            if (p.getType() == type && ran.add(p)) {
                p.getPunctuator().punctuate(now);
            }
        }
    }
}
