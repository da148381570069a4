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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker goes away for 30 seconds mid-stream and comes back on the same port and data: Casefile
 * recovers by itself, and the outputs are exactly what the input gives.
 */
@Tag("integration")
// Above the sum of the bounded waits below (60 + 60 + 30 + 180 s, plus start-ups), so that a slow run fails on
// the await that did not hold, with what differed, rather than on this backstop.
@Timeout(480)
class BrokerOutageIT {

    private static final Logger log = LoggerFactory.getLogger(BrokerOutageIT.class);

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
            long begin = System.nanoTime();
            try (CasefileApp app = CasefileApp.start(config)) {
                app.awaitRunning(Duration.ofSeconds(60));
                log.info("Outage test: Casefile running after {} ms", elapsedMillis(begin));
                try (OutputView outputs = new OutputView(kafka.bootstrapServers(), app.topics())) {
                    try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(kafka.bootstrapServers())) {
                        input.subList(0, half).forEach(producer::send);
                    }
                    await().atMost(Duration.ofSeconds(60)).until(() -> outputs.rates().size() > 20);
                    log.info("Outage test: first half sent and rates seen after {} ms; stopping the broker",
                            elapsedMillis(begin));

                    kafka.stop();
                    // The outage itself: a fixed 30 s in which nothing can reach the broker.
                    Thread.sleep(Duration.ofSeconds(30).toMillis());
                    kafka.restart();
                    log.info("Outage test: broker back after {} ms", elapsedMillis(begin));

                    try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(kafka.bootstrapServers())) {
                        input.subList(half, input.size()).forEach(producer::send);
                    }
                    log.info("Outage test: second half sent after {} ms; awaiting the exact outputs", elapsedMillis(begin));
                    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                        Differences.assertSame("linked-complaints", expected.complaints(), outputs.complaints());
                        Differences.assertSame("complaint-rate-by-tag", expected.rates(), outputs.rates());
                        Differences.assertSame("complaint-rate-alerts", expected.alerts(), outputs.alerts());
                    });
                    log.info("Outage test: outputs exact after {} ms", elapsedMillis(begin));
                    assertTrue(app.streams().state().isRunningOrRebalancing(), "still running: " + app.streams().state());
                    assertTrue(app.streams().state() != KafkaStreams.State.ERROR);
                }
            }
        }
    }

    private static long elapsedMillis(long begin) {
        return (System.nanoTime() - begin) / 1_000_000;
    }
}
