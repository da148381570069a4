package dev.casefile.topology.registry;

import dev.casefile.config.Retention;
import dev.casefile.topology.store.StoreRetention;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Remembers, per id, the version of a value that is current, or that it was deleted: the newest
 * version wins and a tombstone removes. So a replay or a stale version changes nothing, a new
 * version that goes somewhere else (another turn, another workspace) leaves the old place, and a
 * tombstone, which carries only the id, reaches the place the value went to. Entries are kept for
 * the complaint retention after their last change.
 *
 * @param <C> a change: a version of the value, or its deletion
 * @param <V> the value
 * @param <E> the registry's entry for one id
 */
final class VersionRegistry<C, V, E, KOut, VOut> extends ContextualProcessor<String, C, KOut, VOut> {

    /** What the registry needs to know of one kind of value. */
    interface Kind<C, V, E, KOut, VOut> {
        /** The new version a change carries; null for a deletion. */
        V version(C change);

        /** An entry; {@code lastEventAtMs} in milliseconds since the epoch. */
        E entry(V value, boolean deleted, long lastEventAtMs);

        V value(E entry);

        boolean deleted(E entry);

        /** The entry's last change, in milliseconds since the epoch. */
        long lastEventAtMs(E entry);

        /** Whether {@code candidate} is a newer version than {@code current}. */
        boolean replaces(V candidate, V current);

        /** Where a value goes; a new version whose place differs leaves the old place first. */
        Object place(V value);

        /** The value, sent to its place. */
        KeyValue<KOut, VOut> arrive(V value);

        /** The value leaving its place: all of it (a deletion, {@code replaced} null) or up to {@code replaced} (a move). */
        KeyValue<KOut, VOut> leave(V value, V replaced);
    }

    private final String storeName;
    private final Kind<C, V, E, KOut, VOut> kind;
    private final Retention retention;
    private final MeterRegistry meters;
    private KeyValueStore<String, E> registry;

    VersionRegistry(String storeName, Kind<C, V, E, KOut, VOut> kind, Retention retention, MeterRegistry meters) {
        this.storeName = storeName;
        this.kind = kind;
        this.retention = retention;
        this.meters = meters;
    }

    @Override
    public void init(ProcessorContext<KOut, VOut> context) {
        super.init(context);
        registry = StoreRetention.schedule(context, retention, context.getStateStore(storeName),
                kind::lastEventAtMs, e -> retention.complaintMs(), meters);
    }

    @Override
    public void process(Record<String, C> record) {
        String id = record.key();
        long at = record.timestamp();
        E entry = registry.get(id);
        V next = kind.version(record.value());
        if (next == null) {
            if (entry != null && !kind.deleted(entry)) {
                forward(record, kind.leave(kind.value(entry), null));
                registry.put(id, kind.entry(kind.value(entry), true, at));
            }
            return;
        }
        if (entry != null && !kind.replaces(next, kind.value(entry))) {
            return;
        }
        if (entry != null && !kind.deleted(entry) && !kind.place(kind.value(entry)).equals(kind.place(next))) {
            forward(record, kind.leave(kind.value(entry), kind.value(entry)));
        }
        registry.put(id, kind.entry(next, false, at));
        forward(record, kind.arrive(next));
    }

    private void forward(Record<String, C> record, KeyValue<KOut, VOut> out) {
        context().forward(record.withKey(out.key).withValue(out.value));
    }
}
