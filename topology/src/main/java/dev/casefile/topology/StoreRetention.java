package dev.casefile.topology;

import dev.casefile.config.Retention;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops state past its retention, in event time: every scan interval of stream time, each entry
 * whose last event is older than its retention is deleted from the store (and so from its changelog).
 */
final class StoreRetention {

    private static final Logger LOG = LoggerFactory.getLogger(StoreRetention.class);

    /** How long one value is kept after its last event ({@link Long#MAX_VALUE}: forever). */
    interface Policy<V> {
        long retentionMs(V value);
    }

    private StoreRetention() {
    }

    /** Schedules the purge of {@code store} on stream time; {@code onExpired} sees each entry before it goes. */
    static <K, V> void schedule(ProcessorContext<?, ?> context, Retention retention, KeyValueStore<K, V> store,
                                ToLongFunction<V> lastEventMs, Policy<V> policy, java.util.function.BiConsumer<K, V> onExpired) {
        context.schedule(Duration.ofMillis(retention.scanIntervalMs()), PunctuationType.STREAM_TIME, now -> {
            List<KeyValue<K, V>> expired = new ArrayList<>();
            try (KeyValueIterator<K, V> all = store.all()) {
                all.forEachRemaining(kv -> {
                    if (Retention.expired(lastEventMs.applyAsLong(kv.value), policy.retentionMs(kv.value), now)) {
                        expired.add(kv);
                    }
                });
            }
            for (KeyValue<K, V> kv : expired) {
                onExpired.accept(kv.key, kv.value);
                store.delete(kv.key);
            }
            if (!expired.isEmpty()) {
                LOG.debug("Store {} task {}: dropped {} entries past retention at stream time {}", store.name(),
                        context.taskId(), expired.size(), now);
            }
        });
    }

    /** The same, with nothing to do before an entry goes. */
    static <K, V> void schedule(ProcessorContext<?, ?> context, Retention retention, KeyValueStore<K, V> store,
                                ToLongFunction<V> lastEventMs, Policy<V> policy) {
        schedule(context, retention, store, lastEventMs, policy, (k, v) -> { });
    }
}
