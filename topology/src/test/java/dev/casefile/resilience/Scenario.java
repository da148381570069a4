package dev.casefile.resilience;

import dev.casefile.config.CasefileConfig;
import dev.casefile.demo.DemoRecords;
import dev.casefile.topics.CasefileTopics;
import dev.casefile.topology.TopologyHarness;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The input the resilience tests feed (worked example plus seeded demo traffic) and the outputs it must give. */
final class Scenario {

    private Scenario() {
    }

    static List<ProducerRecord<byte[], byte[]>> input(CasefileConfig config, int turns, long seed) {
        CasefileTopics topics = CasefileTopics.from(config.topicNames(), config.recordSerdes());
        return new DemoRecords(topics, config.recordSerdes()).records(turns, seed);
    }

    static Expected expected(CasefileConfig config, List<ProducerRecord<byte[], byte[]>> input) {
        // The children hash business keys under the config's secret: so does the reference run.
        try (TopologyHarness driver = new TopologyHarness(Map.of(CasefileConfig.BUSINESS_KEY_HASH_SECRET,
                config.businessKeyHashSecret()))) {
            for (ProducerRecord<byte[], byte[]> r : input) {
                Instant at = Instant.ofEpochMilli(r.timestamp());
                if (r.topic().equals(config.topicNames().spans())) {
                    driver.spans(r.key(), r.value(), at);
                } else if (r.topic().equals(config.topicNames().feedback())) {
                    driver.rawFeedback(r.key(), r.value(), at);
                } else {
                    driver.rawTicket(r.key(), r.value(), at);
                }
            }
            return new Expected(Expected.withoutRevisions(driver.view()), Expected.counts(driver.rates()), driver.alerts());
        }
    }
}
