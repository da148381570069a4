package dev.casefile.topology;

import dev.casefile.topology.store.Partitions;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Puts every record of one workspace on one partition: the partition Kafka's producer would give a
 * record keyed by the workspace id. {@code turn-events} (keyed by turn) and {@code resolver-inputs}
 * (keyed by workspace) both use it, so a workspace's turn linker and ticket resolver share a task,
 * and index updates and resolved tickets pass between them without a repartition topic.
 */
final class WorkspacePartitioner<K, V> implements StreamPartitioner<K, V> {

    private final Function<K, String> workspace;

    private WorkspacePartitioner(Function<K, String> workspace) {
        this.workspace = workspace;
    }

    /** Partitions by the workspace id {@code workspace} reads from each key. */
    static <K, V> WorkspacePartitioner<K, V> by(Function<K, String> workspace) {
        return new WorkspacePartitioner<>(workspace);
    }

    @Override
    public Optional<Set<Integer>> partitions(String topic, K key, V value, int numPartitions) {
        return Optional.of(Set.of(Partitions.of(workspace.apply(key), numPartitions)));
    }
}
