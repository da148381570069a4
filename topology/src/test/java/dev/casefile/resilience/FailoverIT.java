package dev.casefile.resilience;

import static org.awaitility.Awaitility.await;

import dev.casefile.config.CasefileConfig;
import dev.casefile.testing.EmbeddedKafkaExtension;
import dev.casefile.testing.KafkaClients;
import dev.casefile.testing.TestSettings;
import dev.casefile.topics.CasefileTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Casefile instances (separate JVMs, one standby replica per task); one is killed with SIGKILL
 * mid-stream; the survivor takes over its partitions and the outputs stay exact. Run with each of
 * Kafka's rebalance protocols for Streams: {@code classic} (the assignor runs in a client) and
 * {@code streams} (KIP-1071, the broker assigns tasks; standby replicas are then the broker's
 * {@code group.streams.num.standby.replicas}, and a member's session timeout the broker's
 * {@code group.streams.session.timeout.ms}).
 */
@Tag("integration")
@Timeout(360)
class FailoverIT {

    @RegisterExtension
    final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "group.protocol={0}")
    @ValueSource(strings = {"classic", "streams"})
    void theSurvivorTakesOverAndTheOutputsStayExact(String groupProtocol) throws Exception {
        CasefileConfig config = TestSettings.config(kafka.bootstrapServers(), 4, ChildCasefile.EXPECTED_SETTINGS);
        CasefileTopics topics = TestSettings.createTopics(config);
        List<ProducerRecord<byte[], byte[]>> input = Scenario.input(config, 300, 13);
        Expected expected = Scenario.expected(config, input);
        String applicationId = "casefile-failover-" + UUID.randomUUID();
        Path log = Files.createDirectories(Path.of("target")).resolve("failover-it-" + groupProtocol + ".log");
        Files.deleteIfExists(log);
        try (ChildCasefile first = new ChildCasefile(log, settings(kafka, applicationId, dir.resolve("a"), groupProtocol)).start();
             ChildCasefile second = new ChildCasefile(log, settings(kafka, applicationId, dir.resolve("b"), groupProtocol)).start();
             KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(kafka.bootstrapServers());
             OutputView outputs = new OutputView(kafka.bootstrapServers(), topics)) {
            int half = input.size() / 2;
            input.subList(0, half).forEach(producer::send);
            producer.flush();
            await().atMost(Duration.ofSeconds(120)).until(() -> outputs.rates().size() > 20);

            first.kill();
            input.subList(half, input.size()).forEach(producer::send);
            producer.flush();

            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                Differences.assertSame("linked-complaints", expected.complaints(), outputs.complaints());
                Differences.assertSame("complaint-rate-by-tag", expected.rates(), outputs.rates());
                Differences.assertSame("complaint-rate-alerts", expected.alerts(), outputs.alerts());
            });
        }
    }

    private static List<String> settings(EmbeddedKafkaExtension kafka, String applicationId, Path stateDir,
                                         String groupProtocol) {
        return List.of("--bootstrap-servers", kafka.bootstrapServers(), "--application-id", applicationId,
                "--topic-partitions", "4", "--state-dir", stateDir.toString(), "--log-level", "WARN",
                "--kafka.num.standby.replicas", "1", "--kafka.group.protocol", groupProtocol,
                "--kafka.session.timeout.ms", "6000", "--kafka.heartbeat.interval.ms", "1500");
    }

}
