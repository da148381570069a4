package dev.casefile.resilience;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.app.CasefileApp;
import dev.casefile.config.CasefileConfig;
import dev.casefile.kafka.EmbeddedKafka;
import dev.casefile.testing.KafkaClients;
import dev.casefile.testing.TestSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away for 30 seconds mid-stream and comes back on the same port and data: Casefile
 * recovers by itself, and the outputs are exactly what the input gives.
 */
@Tag("integration")
@Timeout(300)
class BrokerOutageIT {

    @TempDir
    Path dir;

    @Test
    void aThirtySecondBrokerOutageLosesNothing() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withDataDir(dir.resolve("kafka")))) {
            CasefileConfig config = TestSettings.config(kafka.bootstrapServers(), 2,
                    Map.of(CasefileConfig.APPLICATION_ID, "casefile-outage-" + UUID.randomUUID()));
            List<ProducerRecord<byte[], byte[]>> input = Scenario.input(config, 200, 9);
            Expected expected = Scenario.expected(config, input);
            int half = input.size() / 2;
            try (CasefileApp app = CasefileApp.start(config)) {
                app.awaitRunning(Duration.ofSeconds(60));
                try (OutputView outputs = new OutputView(kafka.bootstrapServers(), app.topics())) {
                    try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(kafka.bootstrapServers())) {
                        input.subList(0, half).forEach(producer::send);
                    }
                    await().atMost(Duration.ofSeconds(60)).until(() -> outputs.rates().size() > 20);

                    kafka.stop();
                    // The outage itself: a fixed 30 s in which nothing can reach the broker.
                    Thread.sleep(Duration.ofSeconds(30).toMillis());
                    kafka.restart();

                    try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(kafka.bootstrapServers())) {
                        input.subList(half, input.size()).forEach(producer::send);
                    }
                    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                        Differences.assertSame("linked-complaints", expected.complaints(), outputs.complaints());
                        Differences.assertSame("complaint-rate-by-tag", expected.rates(), outputs.rates());
                        Differences.assertSame("complaint-rate-alerts", expected.alerts(), outputs.alerts());
                    });
                    assertTrue(app.streams().state().isRunningOrRebalancing(), "still running: " + app.streams().state());
                    assertTrue(app.streams().state() != KafkaStreams.State.ERROR);
                }
            }
        }
    }

}
