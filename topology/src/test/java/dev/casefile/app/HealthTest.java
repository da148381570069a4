package dev.casefile.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/** What the probes answer: alive until Streams fails, ready when RUNNING with nothing restoring. */
class HealthTest {

    private static final TopicPartition TURNS_0 = new TopicPartition("casefile-turn-store-changelog", 0);
    private static final TopicPartition TURNS_1 = new TopicPartition("casefile-turn-store-changelog", 1);
    private static final TopicPartition INDEX_0 = new TopicPartition("casefile-key-index-changelog", 0);

    private final Health health = new Health();

    @Test
    void readyOnlyWhenRunningAndNothingRestores() {
        assertTrue(health.alive());
        assertFalse(health.ready(), "created");
        health.changed(KafkaStreams.State.REBALANCING);
        health.onRestoreStart(TURNS_0, "turn-store", 0, 100);
        health.changed(KafkaStreams.State.RUNNING);
        assertFalse(health.ready(), "restoring");
        health.onRestoreEnd(TURNS_0, "turn-store", 100);
        assertTrue(health.ready());
        health.changed(KafkaStreams.State.REBALANCING);
        assertFalse(health.ready(), "rebalancing");
        assertTrue(health.alive());
    }

    @Test
    void restoringIsASetOfStorePartitionsSoRepeatedCallbacksCannotDrift() {
        health.changed(KafkaStreams.State.RUNNING);
        health.onRestoreStart(TURNS_0, "turn-store", 0, 100);
        health.onRestoreStart(TURNS_0, "turn-store", 0, 100);
        health.onRestoreStart(TURNS_1, "turn-store", 0, 50);
        health.onRestoreStart(INDEX_0, "key-index", 10, 30);
        assertEquals(3, health.restoring(), "one partition started twice counts once");

        health.onRestoreEnd(TURNS_0, "turn-store", 100);
        health.onRestoreEnd(TURNS_0, "turn-store", 100);
        health.onRestoreSuspended(TURNS_0, "turn-store", 100);
        assertEquals(2, health.restoring(), "ending one partition again does not end another");

        health.onRestoreSuspended(TURNS_1, "turn-store", 20);
        health.onRestoreEnd(INDEX_0, "key-index", 20);
        assertEquals(0, health.restoring());
        assertTrue(health.ready());

        health.onRestoreEnd(INDEX_0, "key-index", 20);
        health.onRestoreStart(INDEX_0, "key-index", 0, 10);
        assertEquals(1, health.restoring(), "an end before a start cannot make the count negative, or hide a restore");
        assertFalse(health.ready());
    }

    @Test
    void progressSumsTheStorePartitionsBeingRestored() {
        health.onRestoreStart(TURNS_0, "turn-store", 0, 100);
        health.onRestoreStart(INDEX_0, "key-index", 10, 30);
        health.onBatchRestored(TURNS_0, "turn-store", 40, 40);
        health.onBatchRestored(INDEX_0, "key-index", 15, 5);
        health.onBatchRestored(TURNS_1, "turn-store", 10, 10);
        assertEquals(new Health.RestoreProgress(2, 45, 120), health.restoreProgress());
        health.onRestoreEnd(TURNS_0, "turn-store", 100);
        assertEquals(new Health.RestoreProgress(1, 5, 20), health.restoreProgress());
    }

    @Test
    void aFailedStreamThreadOrAnErrorStateIsFailedAndNotAlive() {
        health.changed(KafkaStreams.State.RUNNING);
        assertFalse(health.failed());
        health.markFailed();
        assertTrue(health.failed());
        assertFalse(health.alive());
        assertFalse(health.ready());

        Health other = new Health();
        other.changed(KafkaStreams.State.PENDING_ERROR);
        assertTrue(other.failed());
        other.changed(KafkaStreams.State.ERROR);
        assertTrue(other.failed());
        assertFalse(other.alive());

        Health stopped = new Health();
        stopped.changed(KafkaStreams.State.NOT_RUNNING);
        assertFalse(stopped.failed(), "a clean stop is not a failure");
    }
}
