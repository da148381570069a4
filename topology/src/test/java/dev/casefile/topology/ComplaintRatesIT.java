package dev.casefile.topology;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.app.CasefileApp;
import dev.casefile.config.RateSettings;
import dev.casefile.demo.DemoRecords;
import dev.casefile.demo.DemoTraffic;
import dev.casefile.schema.ComplaintRate;
import dev.casefile.schema.RateKey;
import dev.casefile.schema.internal.RateWindow;
import dev.casefile.testing.EmbeddedKafkaExtension;
import dev.casefile.testing.KafkaClients;
import dev.casefile.testing.RunningCasefile;
import dev.casefile.topology.query.RateQueries;
import dev.casefile.topology.query.Stores;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the real broker with exactly-once, the demo traffic's complaint rate per document version
 * comes out as the generator planted it, within sampling error, both on complaint-rate-by-tag and
 * from the queryable store.
 */
@Tag("integration")
@Timeout(240)
class ComplaintRatesIT {

    private static final Logger LOG = LoggerFactory.getLogger(ComplaintRatesIT.class);
    private static final int TURNS = 1500;

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();
    private static CasefileApp app;

    @BeforeAll
    static void start() throws InterruptedException {
        app = RunningCasefile.start(kafka, "casefile-rates-it");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theDemoTrafficsRatePerDocumentVersionIsTheOneThePlanted() {
        List<ProducerRecord<byte[], byte[]>> input = new DemoRecords(app.topics(), app.config().recordSerdes()).records(TURNS, 11);
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(kafka.bootstrapServers())) {
            input.forEach(producer::send);
        }

        Map<RateKey, ComplaintRate> latest = new HashMap<>();
        try (KafkaConsumer<RateKey, ComplaintRate> rates = KafkaClients.readCommitted(kafka.bootstrapServers(),
                app.topics().complaintRates().keySerde().deserializer(), app.topics().complaintRates().valueSerde().deserializer())) {
            rates.subscribe(List.of(app.topics().complaintRates().name()));
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                rates.poll(Duration.ofMillis(500)).forEach(r -> latest.put(r.key(), r.value()));
                long interactions = dailyTotals(latest).values().stream().mapToLong(c -> c[1]).sum();
                assertEquals(3 * TURNS + 1, interactions, "every turn served (the traffic, its rollout, the worked example) "
                        + "counted once");
                long complaints = dailyTotals(latest).values().stream().mapToLong(c -> c[0]).sum();
                assertEquals(complaintsExpected(), complaints);
            });
        }

        // Before the rollout (whose new prompt draws more complaints on every document version), as planted.
        Map<String, long[]> byVersion = beforeTheRollout(latest);
        assertTrue(byVersion.get("v17")[0] > 0, "doc_version=v17 draws complaints");
        for (Map.Entry<String, Double> planted : DemoTraffic.COMPLAINT_RATE.entrySet()) {
            long[] counts = byVersion.get(planted.getKey());
            double p = planted.getValue();
            double observed = (double) counts[0] / counts[1];
            double fourSigma = 4 * Math.sqrt(p * (1 - p) / counts[1]);
            LOG.info("doc_version={} planted {} observed {}/{} = {}", planted.getKey(), p, counts[0], counts[1],
                    String.format("%.4f", observed));
            assertEquals(p, observed, fourSigma + 0.005, planted.getKey() + ": " + counts[0] + "/" + counts[1]);
        }

        ReadOnlyKeyValueStore<String, RateWindow> store = app.streams().store(StoreQueryParameters.fromNameAndType(
                Stores.COMPLAINT_RATES, QueryableStoreTypes.<String, RateWindow>keyValueStore()));
        List<ComplaintRate> fromStore = RateQueries.rates(store, "doc_version", RateSettings.DAY_MS,
                Instant.parse("2026-05-21T00:00:00Z"), Instant.parse("2026-05-22T00:00:00Z"));
        Map<String, long[]> storeTotals = new HashMap<>();
        fromStore.forEach(r -> {
            long[] t = storeTotals.computeIfAbsent(r.getTagValue(), v -> new long[2]);
            t[0] += r.getComplaints();
            t[1] += r.getInteractions();
        });
        Map<String, long[]> daily = dailyTotals(latest);
        for (String version : DemoTraffic.COMPLAINT_RATE.keySet()) {
            assertEquals(List.of(daily.get(version)[0], daily.get(version)[1]),
                    List.of(storeTotals.get(version)[0], storeTotals.get(version)[1]), "the store agrees with the topic: " + version);
        }
    }

    /** Complaints the generator made: one per complained turn, plus the worked example. */
    private static long complaintsExpected() {
        return DemoTraffic.generate(TURNS, 11, Instant.EPOCH).stream().filter(e -> e instanceof DemoTraffic.Feedback).count() + 1;
    }

    /** complaints and interactions per doc_version in the hourly windows before the rollout started. */
    private static Map<String, long[]> beforeTheRollout(Map<RateKey, ComplaintRate> latest) {
        Instant rollout = DemoTraffic.rolloutStart(TURNS, DemoRecords.START);
        Map<String, long[]> totals = new HashMap<>();
        latest.forEach((key, rate) -> {
            if (key.getTagKey().equals("doc_version") && key.getWindowSizeMs() == Duration.ofHours(1).toMillis()
                    && key.getWindowStart().isBefore(rollout)) {
                long[] t = totals.computeIfAbsent(key.getTagValue(), v -> new long[2]);
                t[0] += rate.getComplaints();
                t[1] += rate.getInteractions();
            }
        });
        return totals;
    }

    /** complaints and interactions per doc_version, summed over the daily rollup windows. */
    private static Map<String, long[]> dailyTotals(Map<RateKey, ComplaintRate> latest) {
        Map<String, long[]> totals = new HashMap<>();
        latest.forEach((key, rate) -> {
            if (key.getTagKey().equals("doc_version") && key.getWindowSizeMs() == RateSettings.DAY_MS) {
                long[] t = totals.computeIfAbsent(key.getTagValue(), v -> new long[2]);
                t[0] += rate.getComplaints();
                t[1] += rate.getInteractions();
            }
        });
        return totals;
    }


}
