package dev.casefile.app;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Whether this instance is alive and ready, for the health probes. Alive: Kafka Streams has not
 * failed. Ready: it is RUNNING, not rebalancing, and restores no store.
 */
public final class Health implements StateRestoreListener {

    private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;
    private volatile boolean failed;
    private final AtomicInteger restoring = new AtomicInteger();

    /** Streams changed state. */
    void changed(KafkaStreams.State now) {
        state = now;
    }

    /** A stream thread failed: Casefile is shutting down. */
    void failed() {
        failed = true;
    }

    /** Whether the process should be left running: false once Kafka Streams failed. */
    public boolean alive() {
        return !failed && state != KafkaStreams.State.ERROR && state != KafkaStreams.State.PENDING_ERROR;
    }

    /** Whether it should take traffic and count as up: RUNNING, with every store restored. */
    public boolean ready() {
        return alive() && state == KafkaStreams.State.RUNNING && restoring.get() == 0;
    }

    /** Kafka Streams' state now. */
    public KafkaStreams.State state() {
        return state;
    }

    /** How many store partitions are being restored from their changelogs. */
    public int restoring() {
        return restoring.get();
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
        restoring.incrementAndGet();
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
        restoring.updateAndGet(n -> Math.max(0, n - 1));
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String storeName, long totalRestored) {
        restoring.updateAndGet(n -> Math.max(0, n - 1));
    }
}
