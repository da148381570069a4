package dev.casefile.app;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Whether this instance is alive and ready, for the health probes, and the one place that knows
 * whether Casefile failed. Alive: Kafka Streams has not failed. Ready: it is RUNNING, not
 * rebalancing, and restores no store. The stores being restored are kept as (store, changelog
 * partition) pairs, so a start or end reported twice for one partition counts it once.
 */
public final class Health implements StateRestoreListener {

    /** One store partition being restored from its changelog. */
    private record StorePartition(String store, TopicPartition changelog) {
    }

    /** How far one store partition's restoration has got. */
    private static final class Progress {
        final long toRestore;
        final AtomicLong restored = new AtomicLong();

        Progress(long toRestore) {
            this.toRestore = toRestore;
        }
    }

    private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;
    private volatile boolean failed;
    private final Map<StorePartition, Progress> restoring = new ConcurrentHashMap<>();
    private final AtomicLong restoredRecords = new AtomicLong();
    private final AtomicLong restoredPartitions = new AtomicLong();

    /** Streams changed state. */
    void changed(KafkaStreams.State now) {
        state = now;
    }

    /** A stream thread failed: Casefile is shutting down. */
    void markFailed() {
        failed = true;
    }

    /** Whether Kafka Streams failed: a stream thread died, or Streams is in (or heading for) ERROR. */
    public boolean failed() {
        return failed || state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR;
    }

    /** Whether the process should be left running: false once Kafka Streams failed. */
    public boolean alive() {
        return !failed();
    }

    /** Whether it should take traffic and count as up: RUNNING, with every store restored. */
    public boolean ready() {
        return alive() && state == KafkaStreams.State.RUNNING && restoring.isEmpty();
    }

    /** Kafka Streams' state now. */
    public KafkaStreams.State state() {
        return state;
    }

    /** How many store partitions are being restored from their changelogs. */
    public int restoring() {
        return restoring.size();
    }

    /** How far the restoration of the store partitions being restored has got. */
    public record RestoreProgress(int partitions, long restored, long toRestore) {
    }

    /** Changelog records restored so far, and to restore in all, over the store partitions being restored now. */
    public RestoreProgress restoreProgress() {
        int partitions = 0;
        long restored = 0;
        long toRestore = 0;
        for (Progress p : restoring.values()) {
            partitions++;
            restored += p.restored.get();
            toRestore += p.toRestore;
        }
        return new RestoreProgress(partitions, restored, toRestore);
    }

    /** Changelog records restored since this instance started, and the store partitions they went into. */
    public record Restored(long records, long storePartitions) {
    }

    /** What this instance has restored from changelogs since it started, over finished and running restorations. */
    public Restored restored() {
        return new Restored(restoredRecords.get(), restoredPartitions.get());
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
        if (restoring.put(new StorePartition(storeName, partition), new Progress(Math.max(0, endingOffset - startingOffset))) == null) {
            restoredPartitions.incrementAndGet();
        }
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {
        Progress progress = restoring.get(new StorePartition(storeName, partition));
        if (progress != null) {
            progress.restored.addAndGet(numRestored);
        }
        restoredRecords.addAndGet(numRestored);
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
        restoring.remove(new StorePartition(storeName, partition));
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String storeName, long totalRestored) {
        restoring.remove(new StorePartition(storeName, partition));
    }
}
