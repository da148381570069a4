package dev.casefile.topology.store;

import dev.casefile.config.Retention;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops state past its retention, in event time: every scan interval of stream time a pass over the
 * store starts, and each entry whose last event is older than its retention is deleted from the
 * store (and so from its changelog). A pass reads at most {@value #SLICE} entries at a time and
 * goes on every {@link #SLICE_EVERY} of wall-clock time, so a store of millions of entries never
 * holds the stream thread for seconds (which the benchmark showed as 25-second latency spikes), and
 * passes take a bounded share of the thread even when stream time races ahead (a catch-up, a
 * backfill, the benchmark): a pass still under way when the next is due simply goes on with the
 * newer stream time, so expiry can lag but work per second stays bounded.
 *
 * <p>A pass that could expire nothing does not run at all: each pass notes the earliest expiry of
 * the entries it kept, and the processor's {@link RetainedStore} shows it every value written since;
 * until stream time passes the earlier of the two, no entry can be past its retention. (Until 30
 * days of traffic have gone by, no uncomplained entry is.) A store that is empty when the processor
 * starts needs no first pass either, since everything in it is then written through it; a store that
 * starts with state (restored, or on disk from the last run) gets one, as nothing is known of its entries.
 */
public final class StoreRetention {

    /** Entries read per slice of a pass. */
    public static final int SLICE = 1_000;
    /** How often (wall-clock) a pass in progress reads its next slice. */
    public static final Duration SLICE_EVERY = Duration.ofSeconds(1);

    /** Retention passes completed, by {@code store}. */
    public static final String PASSES_METRIC = "casefile.retention.passes";
    /** Entries retention passes deleted, by {@code store}. */
    public static final String EXPIRED_METRIC = "casefile.retention.expired";

    private static final Logger LOG = LoggerFactory.getLogger(StoreRetention.class);

    /** How long one value is kept after its last event ({@link Long#MAX_VALUE}: forever). */
    public interface Policy<V> {
        long retentionMs(V value);
    }

    private StoreRetention() {
    }

    /**
     * Schedules the purge of {@code store} on stream time; {@code onExpired} sees each entry before it goes. The
     * processor writes through the returned store (so the passes know what it wrote).
     */
    public static <K, V> KeyValueStore<K, V> schedule(ProcessorContext<?, ?> context, Retention retention, KeyValueStore<K, V> store,
                                               ToLongFunction<V> lastEventMs, Policy<V> policy, BiConsumer<K, V> onExpired,
                                               MeterRegistry meters) {
        Counter passes = Counter.builder(PASSES_METRIC).description("Retention passes completed over a store")
                .tag("store", store.name()).register(meters);
        Counter expired = Counter.builder(EXPIRED_METRIC).description("Store entries retention passes deleted")
                .tag("store", store.name()).register(meters);
        Pass<K, V> pass = new Pass<>(context, store, lastEventMs, policy, onExpired, passes, expired);
        try (KeyValueIterator<K, V> entries = store.all()) {
            if (!entries.hasNext()) {
                pass.startsEmpty();
            }
        }
        context.schedule(Duration.ofMillis(retention.scanIntervalMs()), PunctuationType.STREAM_TIME, pass::start);
        context.schedule(SLICE_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> pass.next());
        return new RetainedStore<>(store, pass::written);
    }

    /** The same, with nothing to do before an entry goes. */
    public static <K, V> KeyValueStore<K, V> schedule(ProcessorContext<?, ?> context, Retention retention, KeyValueStore<K, V> store,
                                               ToLongFunction<V> lastEventMs, Policy<V> policy, MeterRegistry meters) {
        return schedule(context, retention, store, lastEventMs, policy, (k, v) -> { }, meters);
    }

    /** One pass over a store, a slice at a time; where it stands is in memory (after a restart a pass starts over). */
    private static final class Pass<K, V> {
        private final ProcessorContext<?, ?> context;
        private final KeyValueStore<K, V> store;
        private final ToLongFunction<V> lastEventMs;
        private final Policy<V> policy;
        private final BiConsumer<K, V> onExpired;
        private final Counter passes;
        private final Counter expiredEntries;
        private final StoreWalk<K, V> walk;
        private long now;
        private long dropped;
        /**
         * No entry the last complete pass kept can expire before this; unknown (so: now) until a pass completes,
         * unless the store was empty at the start (then no entry predates {@link #writtenExpireFrom}).
         */
        private long keptExpireFrom = Long.MIN_VALUE;
        /** The earliest expiry among the entries the pass under way kept so far. */
        private long passKeptExpireFrom = Long.MAX_VALUE;
        /** The earliest expiry among the values written since the last pass started. */
        private long writtenExpireFrom = Long.MAX_VALUE;
        private long skipped;

        Pass(ProcessorContext<?, ?> context, KeyValueStore<K, V> store, ToLongFunction<V> lastEventMs, Policy<V> policy,
             BiConsumer<K, V> onExpired, Counter passes, Counter expiredEntries) {
            this.context = context;
            this.store = store;
            this.walk = new StoreWalk<>(store, SLICE);
            this.lastEventMs = lastEventMs;
            this.policy = policy;
            this.onExpired = onExpired;
            this.passes = passes;
            this.expiredEntries = expiredEntries;
        }

        /** The store holds nothing yet: whatever it will hold is written through {@link #written}. */
        void startsEmpty() {
            keptExpireFrom = Long.MAX_VALUE;
        }

        /** Stream time passed another scan interval: start a pass (or let the one under way judge by the newer time). */
        void start(long streamTime) {
            now = streamTime;
            if (!walk.running()) {
                if (now <= Math.min(keptExpireFrom, writtenExpireFrom)) {
                    skipped++;
                    return;
                }
                walk.start();
                dropped = 0;
                passKeptExpireFrom = Long.MAX_VALUE;
                writtenExpireFrom = Long.MAX_VALUE;
            }
            next();
        }

        /** A value the processor wrote: it can expire no earlier than its last event plus its retention. */
        void written(V value) {
            writtenExpireFrom = Math.min(writtenExpireFrom, expiry(value));
        }

        private long expiry(V value) {
            long retentionMs = policy.retentionMs(value);
            long last = lastEventMs.applyAsLong(value);
            return retentionMs == Long.MAX_VALUE || last > Long.MAX_VALUE - retentionMs ? Long.MAX_VALUE : last + retentionMs;
        }

        /** Reads the next slice of the pass under way, if any. */
        void next() {
            if (!walk.running()) {
                return;
            }
            List<KeyValue<K, V>> expired = new ArrayList<>();
            for (KeyValue<K, V> kv : walk.next()) {
                if (Retention.expired(lastEventMs.applyAsLong(kv.value), policy.retentionMs(kv.value), now)) {
                    expired.add(kv);
                } else {
                    passKeptExpireFrom = Math.min(passKeptExpireFrom, expiry(kv.value));
                }
            }
            for (KeyValue<K, V> kv : expired) {
                onExpired.accept(kv.key, kv.value);
                store.delete(kv.key);
            }
            dropped += expired.size();
            expiredEntries.increment(expired.size());
            if (!walk.running()) {
                passes.increment();
                // Entries written since this pass started are in writtenExpireFrom, whether the pass read them or not.
                keptExpireFrom = passKeptExpireFrom;
                LOG.debug("Store {} task {}: dropped {} entries past retention at stream time {} ({} passes skipped before)",
                        store.name(), context.taskId(), dropped, now, skipped);
                skipped = 0;
            }
        }
    }
}
