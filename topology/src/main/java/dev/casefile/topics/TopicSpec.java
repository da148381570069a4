package dev.casefile.topics;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * One topic, described once: its name and serdes (read by the topology and the clients) and how it
 * is created (read by {@code TopicCreator}, the tests and the deploy manifests). The cleanup policy is
 * {@code compact}, {@code delete}, or {@link #COMPACT_DELETE} (compacted, and records older than
 * {@code retentionMs} deleted all the same).
 */
public record TopicSpec<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, int partitions,
                              short replicationFactor, String cleanupPolicy, long retentionMs) {

    /** Compacted, and deleted past the retention: for keys that stop mattering after a while. */
    public static final String COMPACT_DELETE = TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE;

    public TopicSpec {
        Objects.requireNonNull(name, "name == null");
        Objects.requireNonNull(keySerde, "keySerde == null");
        Objects.requireNonNull(valueSerde, "valueSerde == null");
        if (!TopicConfig.CLEANUP_POLICY_COMPACT.equals(cleanupPolicy)
                && !TopicConfig.CLEANUP_POLICY_DELETE.equals(cleanupPolicy) && !COMPACT_DELETE.equals(cleanupPolicy)) {
            throw new IllegalArgumentException("cleanupPolicy must be compact, delete or compact,delete: " + cleanupPolicy);
        }
    }

    /** The topic as Kafka's Admin client creates it. */
    public NewTopic toNewTopic() {
        NewTopic topic = new NewTopic(name, java.util.Optional.of(partitions),
                replicationFactor < 0 ? java.util.Optional.empty() : java.util.Optional.of(replicationFactor));
        return topic.configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMs)));
    }
}
