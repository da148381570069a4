package dev.casefile.testing;

import dev.casefile.config.CasefileConfig;
import dev.casefile.kafka.TopicCreator;
import dev.casefile.topics.CasefileTopics;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/** Casefile settings and topics for integration tests against one broker. */
public final class TestSettings {

    private TestSettings() {
    }

    /**
     * Settings for {@code bootstrapServers} with {@code partitions} partitions per topic and no time
     * retention on the inputs: the demo data is dated May 2026, and time-based retention would
     * delete it before it is read. {@code extra} adds or overrides settings.
     */
    public static CasefileConfig config(String bootstrapServers, int partitions, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
                CasefileConfig.BOOTSTRAP_SERVERS, bootstrapServers,
                CasefileConfig.TOPIC_PARTITIONS, Integer.toString(partitions),
                CasefileConfig.TOPIC_INPUT_RETENTION_MS, "-1",
                // Several instances share this machine: the management endpoints take free ports.
                CasefileConfig.MANAGEMENT_PORT, "0"));
        settings.putAll(extra);
        return new CasefileConfig(settings);
    }

    /** Creates Casefile's topics as the application would, and returns them. */
    public static CasefileTopics createTopics(CasefileConfig config) {
        CasefileTopics topics = CasefileTopics.from(config.topicNames(), config.recordSerdes());
        try (Admin admin = Admin.create(config.kafkaClientProperties(config.bootstrapServers().orElseThrow()))) {
            TopicCreator.ensure(admin, topics.all());
        }
        return topics;
    }
}
