package dev.casefile.topology;

import dev.casefile.topology.store.Partitions;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Puts every record that shares a string on one partition: the partition Kafka's producer would give
 * a record keyed by that string. {@code turn-events} (keyed by turn) and {@code resolver-inputs}
 * (keyed by workspace) share the workspace, so a workspace's turn linker and ticket resolver share a
 * task, and index updates and resolved tickets pass between them without a repartition topic.
 * {@code rate-deltas} (keyed by tag key and window) share the tag key, so every window of one tag key
 * is counted in one task, which alone knows its current window.
 */
final class SharedPartitioner<K, V> implements StreamPartitioner<K, V> {

    private final Function<K, String> shared;

    private SharedPartitioner(Function<K, String> shared) {
        this.shared = shared;
    }

    /** Partitions by the string {@code shared} reads from each key. */
    static <K, V> SharedPartitioner<K, V> by(Function<K, String> shared) {
        return new SharedPartitioner<>(shared);
    }

    @Override
    public Optional<Set<Integer>> partitions(String topic, K key, V value, int numPartitions) {
        return Optional.of(Set.of(Partitions.of(shared.apply(key), numPartitions)));
    }
}
