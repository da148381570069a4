package dev.casefile.resilience;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.casefile.config.CasefileConfig;
import dev.casefile.testing.BrokerCluster;
import dev.casefile.testing.KafkaClients;
import dev.casefile.testing.TestSettings;
import dev.casefile.topics.CasefileTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three KRaft brokers in their own JVMs (replication factor 3, {@code min.insync.replicas=2}), two
 * Casefile instances on them. Mid-stream the broker leading the linked-complaints partition 0 is
 * killed with SIGKILL, traffic goes on, and the broker comes back: the outputs are exactly what the
 * topology computes from the input, with nothing lost and nothing duplicated.
 */
@Tag("integration")
// Above the sum of the bounded waits below (150 + 60 + 180 + 60 s, plus the brokers' and instances' start-ups),
// so that a slow run fails on the await that did not hold rather than on this backstop.
@Timeout(600)
class ClusterBrokerLossIT {

    @TempDir
    Path dir;

    @Test
    void aLeaderBrokerKilledMidStreamLosesAndDuplicatesNothing() throws Exception {
        Path log = Files.createDirectories(Path.of("target")).resolve("cluster-broker-loss-it.log");
        Files.deleteIfExists(log);
        try (BrokerCluster cluster = BrokerCluster.start(dir.resolve("kafka"), 3, Path.of("target"), "cluster-broker-loss-it")) {
            String bootstrap = cluster.bootstrapServers();
            CasefileConfig config = TestSettings.config(bootstrap, 3, Map.of(CasefileConfig.TOPIC_REPLICATION_FACTOR, "3",
                    CasefileConfig.BUSINESS_KEY_HASH_SECRET, ChildCasefile.HASH_SECRET));
            CasefileTopics topics = TestSettings.createTopics(config);
            List<ProducerRecord<byte[], byte[]>> input = Scenario.input(config, 300, 17);
            Expected expected = Scenario.expected(config, input);
            String applicationId = "casefile-cluster-" + UUID.randomUUID();
            int third = input.size() / 3;
            try (ChildCasefile first = new ChildCasefile(log, settings(bootstrap, applicationId, dir.resolve("a"))).start();
                 ChildCasefile second = new ChildCasefile(log, settings(bootstrap, applicationId, dir.resolve("b"))).start();
                 KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(bootstrap);
                 OutputView outputs = new OutputView(bootstrap, topics)) {
                input.subList(0, third).forEach(producer::send);
                producer.flush();
                await().atMost(Duration.ofSeconds(150)).until(() -> outputs.rates().size() > 20);

                TopicPartition watched = new TopicPartition(topics.linkedComplaints().name(), 0);
                int leader = cluster.leaderOf(watched);
                cluster.kill(leader);
                input.subList(third, 2 * third).forEach(producer::send);
                producer.flush();
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> cluster.leaderOf(watched) != leader);
                assertNotEquals(leader, cluster.leaderOf(watched), "another broker leads the partition");

                cluster.restart(leader);
                input.subList(2 * third, input.size()).forEach(producer::send);
                producer.flush();

                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    Differences.assertSame("linked-complaints", expected.complaints(), outputs.complaints());
                    Differences.assertSame("complaint-rate-by-tag", expected.rates(), outputs.rates());
                    Differences.assertSame("complaint-rate-alerts", expected.alerts(), outputs.alerts());
                });
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> cluster.fullyReplicated(
                        List.of(topics.linkedComplaints().name(), topics.spans().name())));
            }
        }
    }

    private static List<String> settings(String bootstrap, String applicationId, Path stateDir) {
        return List.of("--bootstrap-servers", bootstrap, "--application-id", applicationId,
                "--topic-partitions", "3", "--topic-replication-factor", "3", "--state-dir", stateDir.toString(),
                "--log-level", "WARN", "--kafka.session.timeout.ms", "6000", "--kafka.heartbeat.interval.ms", "1500");
    }
}
