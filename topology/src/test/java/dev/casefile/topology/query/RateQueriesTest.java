package dev.casefile.topology.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.casefile.schema.ComplaintRate;
import dev.casefile.schema.internal.RateCount;
import dev.casefile.schema.internal.RateWindow;
import dev.casefile.serde.TrustedRecords;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;

/** The current window, for the gauges: the newest one that has started by the wall clock. */
class RateQueriesTest {

    private static final long HOUR = 3_600_000L;
    private static final Instant NINE = Instant.parse("2026-05-21T09:00:00Z");
    private static final Instant TEN = NINE.plusMillis(HOUR);
    private static final Instant ELEVEN = TEN.plusMillis(HOUR);

    static {
        TrustedRecords.install();
    }

    private final TreeMap<String, RateWindow> store = new TreeMap<>();

    @Test
    void theNewestWindowIsCurrent() {
        put("doc_version", NINE, "v17", 1, 4);
        put("doc_version", TEN, "v18", 2, 5);
        List<ComplaintRate> current = RateQueries.newest(readOnly(), "doc_version", HOUR, TEN.plusSeconds(60));
        assertEquals(List.of("v18"), current.stream().map(ComplaintRate::getTagValue).toList());
        assertEquals(TEN, current.get(0).getWindowStart());
    }

    @Test
    void aWindowThatStartsAfterTheWallClockIsNotCurrentYet() {
        put("doc_version", NINE, "v17", 1, 4);
        put("doc_version", ELEVEN, "v19", 1, 1);   // a turn whose event time is ahead of the clock
        Instant now = TEN.plusSeconds(60);
        assertEquals(List.of(NINE), starts(RateQueries.newest(readOnly(), "doc_version", HOUR, now)));
        assertEquals(List.of(ELEVEN), starts(RateQueries.newest(readOnly(), "doc_version", HOUR, ELEVEN)),
                "a window is current from its first millisecond");
    }

    @Test
    void ratesOverlappingARangeIncludeAWindowStartingLessThanAMillisecondBeforeItsEnd() {
        put("doc_version", NINE, "v17", 1, 4);
        put("doc_version", TEN, "v18", 2, 5);
        assertEquals(List.of(NINE), starts(RateQueries.rates(readOnly(), "doc_version", HOUR, NINE, TEN)));
        assertEquals(List.of(NINE, TEN), starts(RateQueries.rates(readOnly(), "doc_version", HOUR, NINE,
                TEN.plusNanos(500_000))), "[09:00, 10:00:00.0005) overlaps the window of 10:00");
    }

    @Test
    void onlyFutureWindowsMeanNoCurrentWindow() {
        put("doc_version", ELEVEN, "v19", 1, 1);
        assertEquals(List.of(), RateQueries.newest(readOnly(), "doc_version", HOUR, TEN));
    }

    @Test
    void otherTagKeysAndWindowLengthsAreNotConsidered() {
        put("doc_version", NINE, "v17", 1, 4);
        put("doc_version_x", TEN, "x", 1, 1);
        store.put(RateKeys.storeKey("doc_version", 86_400_000L, Instant.parse("2026-05-21T00:00:00Z").toEpochMilli()),
                window("doc_version", 86_400_000L, Instant.parse("2026-05-21T00:00:00Z"), "day", 1, 1));
        assertEquals(List.of("v17"), RateQueries.newest(readOnly(), "doc_version", HOUR, ELEVEN).stream()
                .map(ComplaintRate::getTagValue).toList());
    }

    private static List<Instant> starts(List<ComplaintRate> rates) {
        return rates.stream().map(ComplaintRate::getWindowStart).distinct().toList();
    }

    private void put(String tagKey, Instant start, String value, long complaints, long interactions) {
        store.put(RateKeys.storeKey(tagKey, HOUR, start.toEpochMilli()), window(tagKey, HOUR, start, value, complaints, interactions));
    }

    private static RateWindow window(String tagKey, long size, Instant start, String value, long complaints, long interactions) {
        return RateWindow.newBuilder().setTagKey(tagKey).setWindowSizeMs(size).setWindowStart(start.toEpochMilli())
                .setCounts(Map.of(value, new RateCount(complaints, interactions))).build();
    }

    /** The map as a read-only store, with the inclusive ranges Kafka Streams' stores have. */
    private ReadOnlyKeyValueStore<String, RateWindow> readOnly() {
        return new ReadOnlyKeyValueStore<>() {
            @Override
            public RateWindow get(String key) {
                return store.get(key);
            }

            @Override
            public KeyValueIterator<String, RateWindow> range(String from, String to) {
                return iterator(store.subMap(from, true, to, true));
            }

            @Override
            public KeyValueIterator<String, RateWindow> reverseRange(String from, String to) {
                return iterator(store.subMap(from, true, to, true).descendingMap());
            }

            @Override
            public KeyValueIterator<String, RateWindow> all() {
                return iterator(store);
            }

            @Override
            public long approximateNumEntries() {
                return store.size();
            }
        };
    }

    private static KeyValueIterator<String, RateWindow> iterator(NavigableMap<String, RateWindow> entries) {
        List<KeyValue<String, RateWindow>> list = new ArrayList<>();
        entries.forEach((k, v) -> list.add(KeyValue.pair(k, v)));
        Iterator<KeyValue<String, RateWindow>> it = list.iterator();
        return new KeyValueIterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public KeyValue<String, RateWindow> next() {
                next++;
                return it.next();
            }

            @Override
            public String peekNextKey() {
                return list.get(next).key;
            }

            @Override
            public void close() {
            }
        };
    }
}
