package dev.casefile.resilience;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.config.CasefileConfig;
import dev.casefile.schema.RateKey;
import dev.casefile.testing.EmbeddedKafkaExtension;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Casefile as a separate JVM, killed with SIGKILL mid-stream three times and restarted each time:
 * with exactly-once, the final linked complaints, complaint rates and rollout alerts (read_committed) are exactly
 * what the topology computes from the input once: nothing lost, nothing duplicated, nothing double
 * counted.
 */
@Tag("integration")
@Timeout(300)
class CrashRecoveryIT {

    @RegisterExtension
    final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    @Test
    void killedThreeTimesMidStreamTheOutputsAreExact() throws Exception {
        CasefileConfig config = TestSettings.config(kafka.bootstrapServers(), 2, ChildCasefile.EXPECTED_SETTINGS);
        CasefileTopics topics = TestSettings.createTopics(config);
        List<ProducerRecord<byte[], byte[]>> input = Scenario.input(config, 400, 3);
        Expected expected = Scenario.expected(config, input);
        assertEquals(1, expected.alerts().size(), "the demo traffic's rollout opens one alert: " + expected.alerts().keySet());

        List<String> settings = List.of("--bootstrap-servers", kafka.bootstrapServers(),
                "--application-id", "casefile-crash-" + UUID.randomUUID(), "--topic-partitions", "2",
                "--state-dir", dir.resolve("state").toString(), "--log-level", "WARN",
                // A killed member leaves the group after the session timeout: keep it short.
                "--kafka.session.timeout.ms", "6000", "--kafka.heartbeat.interval.ms", "1500",
                "--kafka.commit.interval.ms", "100");
        Path log = Files.createDirectories(Path.of("target")).resolve("crash-recovery-it.log");
        Files.deleteIfExists(log);
        int chunk = input.size() / 4;
        ChildCasefile casefile = null;
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(kafka.bootstrapServers());
             OutputView outputs = new OutputView(kafka.bootstrapServers(), topics)) {
            casefile = new ChildCasefile(log, settings).start();
            for (int part = 0; part < 4; part++) {
                input.subList(part * chunk, part == 3 ? input.size() : (part + 1) * chunk).forEach(producer::send);
                producer.flush();
                if (part < 3) {
                    // Let it get into the middle of the chunk (every traced turn moves some rate's counts, sent on
                    // once a second from the rate buffer), then pull the plug.
                    Map<RateKey, List<Long>> before = outputs.rates();
                    await().atMost(Duration.ofSeconds(90)).until(() -> !outputs.rates().equals(before));
                    casefile.kill();
                    assertTrue(!casefile.alive());
                    casefile = new ChildCasefile(log, settings).start();
                }
            }
            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                Differences.assertSame("linked-complaints", expected.complaints(), outputs.complaints());
                Differences.assertSame("complaint-rate-by-tag", expected.rates(), outputs.rates());
                Differences.assertSame("complaint-rate-alerts", expected.alerts(), outputs.alerts());
            });
        } finally {
            if (casefile != null) {
                casefile.close();
            }
        }
    }

}
