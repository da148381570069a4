package dev.casefile.topology.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.casefile.config.Retention;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which retention passes read the store: values here are their own last event time (ms). */
class StoreRetentionTest {

    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private static final Retention RETENTION = new Retention(3 * DAY, 365 * DAY, HOUR);

    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    private final KeyValueStore<String, Long> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("retained"),
            Serdes.String(), Serdes.Long()).withLoggingDisabled().build();
    private final List<String> expired = new ArrayList<>();
    /** Calls of the last-event function: one per value written, and one or two per entry a pass reads. */
    private int lastEventReads;

    StoreRetentionTest() {
        store.init(context.getStateStoreContext(), store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aStoreEmptyAtTheStartIsNotReadUntilSomethingWrittenCanExpire() {
        KeyValueStore<String, Long> retained = schedule();
        retained.put("a", 0L);
        retained.put("b", DAY);
        assertEquals(2, lastEventReads);

        for (long hour = 1; hour <= 72; hour++) {
            streamTime(hour * HOUR);
        }
        assertEquals(2, lastEventReads, "no pass read the store: nothing written could expire before 3 days");
        assertEquals(List.of(), expired);

        streamTime(3 * DAY + HOUR);
        assertEquals(List.of("a"), expired);
        assertEquals(DAY, store.get("b"));
        assertNull(store.get("a"));
    }

    @Test
    void aStoreWithStateAtTheStartIsReadOnceThenOnlyWhenSomethingCanExpire() {
        store.put("restored-old", 0L);
        store.put("restored-new", 2 * DAY);
        KeyValueStore<String, Long> retained = schedule();

        streamTime(HOUR);
        int afterFirstPass = lastEventReads;
        assertEquals(4, afterFirstPass, "the first pass read both restored entries (and noted both as kept)");

        for (long hour = 2; hour <= 72; hour++) {
            streamTime(hour * HOUR);
        }
        assertEquals(afterFirstPass, lastEventReads, "later passes are skipped until the oldest entry can expire");

        streamTime(3 * DAY + HOUR);
        assertEquals(List.of("restored-old"), expired);
        assertEquals(2 * DAY, retained.get("restored-new"));
    }

    private KeyValueStore<String, Long> schedule() {
        return StoreRetention.schedule(context, RETENTION, store, value -> {
            lastEventReads++;
            return value;
        }, value -> RETENTION.uncomplainedMs(), (key, value) -> expired.add(key), new SimpleMeterRegistry());
    }

    /** Fires the stream-time punctuator as Kafka Streams would when stream time reaches {@code ms}. */
    private void streamTime(long ms) {
        context.scheduledPunctuators().stream().filter(p -> p.getType() == PunctuationType.STREAM_TIME)
                .forEach(p -> p.getPunctuator().punctuate(ms));
    }
}
