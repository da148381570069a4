package dev.casefile.kafka;

import dev.casefile.topics.TopicSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the topics Casefile needs, from their one description, when they do not exist yet. */
public final class TopicCreator {

    private static final Logger LOG = LoggerFactory.getLogger(TopicCreator.class);

    private TopicCreator() {
    }

    /**
     * Existing topics are used as they are, but a partition count other than Casefile's is worth a warning: span
     * records skip the traces-by-id hop only on a spans topic with as many partitions as traces-by-id
     * ({@code topic.partitions}), and the console finds a trace's owner by the larger of the two counts.
     */
    private static void warnOfOtherPartitionCounts(Admin admin, List<TopicSpec<?, ?>> topics, Set<String> existing)
            throws ExecutionException, InterruptedException {
        List<TopicSpec<?, ?>> present = topics.stream().filter(t -> existing.contains(t.name())).toList();
        if (present.isEmpty()) {
            return;
        }
        Map<String, TopicDescription> described = admin.describeTopics(present.stream().map(TopicSpec::name).toList())
                .allTopicNames().get();
        for (TopicSpec<?, ?> topic : present) {
            int actual = described.get(topic.name()).partitions().size();
            if (actual != topic.partitions()) {
                LOG.warn("Topic {} exists with {} partitions; topic.partitions is {}. Casefile uses it as it is, but "
                        + "keep the spans topic at topic.partitions so span records skip the traces-by-id hop",
                        topic.name(), actual, topic.partitions());
            }
        }
    }

    /**
     * Warns when the spans topic keeps its records for less than {@code uncomplainedMs}: the console reads an
     * uncomplained trace's spans back from that topic, so such a trace can be drawn only while its records are there.
     * A complained trace's spans are frozen when its complaint links, and kept for the complaint retention.
     */
    public static void warnIfSpansKeptShorter(Admin admin, String spansTopic, long uncomplainedMs) {
        try {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, spansTopic);
            ConfigEntry entry = admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get(TopicConfig.RETENTION_MS_CONFIG);
            long retentionMs = entry == null || entry.value() == null ? -1 : Long.parseLong(entry.value());
            if (retentionMs >= 0 && retentionMs < uncomplainedMs) {
                LOG.warn("Topic {} keeps records for {} ms (retention.ms), less than retention.uncomplained.ms ({} ms): "
                        + "a trace nobody complained about can be drawn in the console only while its spans are on the "
                        + "topic; a complained trace's spans are frozen when its complaint links and kept for "
                        + "retention.complaint.ms. Raise the topic's retention.ms to keep every trace drawable",
                        spansTopic, retentionMs, uncomplainedMs);
            }
        } catch (ExecutionException e) {
            LOG.warn("Cannot read the retention of topic {}: {}", spansTopic, e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Creates every missing topic of {@code topics}; existing topics are left as they are. */
    public static void ensure(Admin admin, List<TopicSpec<?, ?>> topics) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            warnOfOtherPartitionCounts(admin, topics, existing);
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name()))
                    .map(TopicSpec::toNewTopic).toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            missing.forEach(t -> LOG.info("Created topic {} partitions={} configs={}", t.name(), t.numPartitions(), t.configs()));
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot create Casefile's topics: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating Casefile's topics", e);
        }
    }
}
