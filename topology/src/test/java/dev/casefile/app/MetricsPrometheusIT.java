package dev.casefile.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.casefile.demo.DemoRecords;
import dev.casefile.demo.WorkedExample;
import dev.casefile.schema.ComplaintRate;
import dev.casefile.schema.RateKey;
import dev.casefile.testing.EmbeddedKafkaExtension;
import dev.casefile.testing.KafkaClients;
import dev.casefile.testing.RunningCasefile;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server (Debian's package, installed by the build) scrapes a running Casefile;
 * what it reads through its HTTP query API is what Casefile did: the dead letters of the bad records
 * sent, every complaint written, the complaint rate of doc_version=v17. Every query of the Grafana
 * dashboard runs on it and names a metric Casefile exports.
 */
@Tag("integration")
@Timeout(240)
class MetricsPrometheusIT {

    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "casefile-dashboard.json");
    private static final Pattern METRIC_NAME = Pattern.compile("\\b((?:casefile|kafka|jvm|process|system)_[a-zA-Z0-9_]+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();
    @TempDir
    static Path dir;

    private static CasefileApp app;
    private static Process prometheus;
    private static String prometheusUrl;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(Files.isExecutable(PROMETHEUS), "the build installs prometheus (.ci/ensure-prometheus.sh, pre-integration-test)");
        app = RunningCasefile.start(kafka, "casefile-metrics");
        int port = freePort();
        prometheusUrl = "http://127.0.0.1:" + port;
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: casefile
                    metrics_path: %s
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(ManagementServer.METRICS, app.management().orElseThrow().port()));
        Path log = Files.createDirectories(Path.of("target")).resolve("prometheus-it.log");
        prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // Until Prometheus listens, connecting fails: that is "not ready yet", not a failure.
        await().atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> get(prometheusUrl + "/-/ready").statusCode() == 200);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    void prometheusReadsWhatCasefileDid() throws Exception {
        List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>(new DemoRecords(app.topics(), app.config().recordSerdes())
                .records(250, 7));
        String feedback = app.topics().feedback().name();
        String spans = app.topics().spans().name();
        input.add(new ProducerRecord<>(feedback, utf8("bad-1"), utf8("not a record")));
        input.add(new ProducerRecord<>(feedback, utf8("bad-2"), utf8("{\"feedback_id\": \"bad-2\"}")));
        input.add(new ProducerRecord<>(feedback, null, null));
        input.add(new ProducerRecord<>(spans, null, utf8("truncated")));
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(kafka.bootstrapServers())) {
            input.forEach(producer::send);
        }

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> scalar("sum(casefile_dead_letters_total)") == 4.0);
        assertEquals(3.0, scalar("sum(casefile_dead_letters_total{source_topic=\"" + feedback + "\"})"));
        assertEquals(1.0, scalar("sum(casefile_dead_letters_total{source_topic=\"" + spans + "\",reason=\"not_otlp\"})"));

        long written = settledComplaintRecords();
        assertTrue(written > 10, "the demo traffic makes complaints: " + written);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> scalar("sum(casefile_complaints_emitted_total)") == written);

        ComplaintRate v17 = newestDay("doc_version", "v17");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertEquals(v17.getRate(), scalar("casefile_complaint_rate{tag_key=\"doc_version\",tag_value=\"v17\",window=\"day\"}"),
                    1e-9);
            assertEquals((double) v17.getInteractions(), scalar(
                    "casefile_complaint_rate_interactions{tag_key=\"doc_version\",tag_value=\"v17\",window=\"day\"}"));
        });
        assertTrue(scalar("sum(casefile_link_latency_seconds_count)") > 0, "link latency is recorded");
        // The demo traffic's rollout of a worse prompt version opens one alert.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> scalar("sum(casefile_rate_alerts_open)") == 1.0);
    }

    @Test
    void everyDashboardQueryRunsAndNamesAnExportedMetric() throws Exception {
        Set<String> exported = exportedNames();
        assertTrue(exported.contains("casefile_link_latency_seconds_bucket") && exported.contains("jvm_memory_used_bytes"),
                "the scrape has Casefile's, the JVM's and Kafka's metrics");
        JsonObject dashboard = JsonParser.parseString(Files.readString(DASHBOARD)).getAsJsonObject();
        List<String> queries = new ArrayList<>();
        for (JsonElement panel : dashboard.getAsJsonArray("panels")) {
            for (JsonElement target : panel.getAsJsonObject().getAsJsonArray("targets")) {
                queries.add(target.getAsJsonObject().get("expr").getAsString());
            }
        }
        assertFalse(queries.isEmpty());
        for (String query : queries) {
            Matcher names = METRIC_NAME.matcher(query);
            assertTrue(names.find(), "names no metric: " + query);
            do {
                assertTrue(exported.contains(names.group(1)), names.group(1) + " is not exported (" + query + ")");
            } while (names.find());
            JsonObject answer = query(query);
            assertEquals("success", answer.get("status").getAsString(), query + ": " + answer);
        }
    }

    @Test
    void noMetricLabelCarriesAnIdAnEmailOrText() throws Exception {
        String scrape = get(app.management().orElseThrow().url() + ManagementServer.METRICS).body();
        for (String secret : List.of("pat@acme.example", WorkedExample.TICKET, WorkedExample.FEEDBACK_ID,
                WorkedExample.TRACE_ALIAS, WorkedExample.OTLP_TRACE_ID, "refundable anytime", "sess_918")) {
            assertFalse(scrape.contains(secret), secret + " appears in the metrics");
        }
    }

    /** The names in a scrape of the management endpoint. */
    private static Set<String> exportedNames() throws Exception {
        Set<String> names = new TreeSet<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            String scrape = get(app.management().orElseThrow().url() + ManagementServer.METRICS).body();
            names.clear();
            for (String line : scrape.split("\n")) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    names.add(line.split("[{ ]", 2)[0]);
                }
            }
            return names.contains("kafka_consumer_fetch_manager_records_lag_max");
        });
        return names;
    }

    /** The value of a query that returns one series (0 if it returns none). */
    private static double scalar(String promql) throws Exception {
        JsonArray result = query(promql).getAsJsonObject("data").getAsJsonArray("result");
        return result.isEmpty() ? 0 : Double.parseDouble(result.get(0).getAsJsonObject().getAsJsonArray("value").get(1).getAsString());
    }

    private static JsonObject query(String promql) throws Exception {
        HttpResponse<String> response = get(prometheusUrl + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    /** How many records linked-complaints holds once it is quiet (read_committed). */
    private static long settledComplaintRecords() {
        long[] count = {0};
        long[] lastChange = {System.nanoTime()};
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.readCommitted(kafka.bootstrapServers(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(app.topics().linkedComplaints().name()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline && (count[0] == 0 || System.nanoTime() - lastChange[0] < TimeUnit.SECONDS.toNanos(8))) {
                for (ConsumerRecord<byte[], byte[]> ignored : consumer.poll(Duration.ofMillis(250))) {
                    count[0]++;
                    lastChange[0] = System.nanoTime();
                }
            }
        }
        return count[0];
    }

    /** The latest complaint-rate-by-tag record of a tag value in its newest daily window. */
    private static ComplaintRate newestDay(String tagKey, String tagValue) {
        Map<RateKey, ComplaintRate> latest = new HashMap<>();
        try (KafkaConsumer<RateKey, ComplaintRate> consumer = KafkaClients.readCommitted(kafka.bootstrapServers(),
                app.topics().complaintRates().keySerde().deserializer(), app.topics().complaintRates().valueSerde().deserializer())) {
            consumer.subscribe(List.of(app.topics().complaintRates().name()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(250)).forEach(r -> latest.put(r.key(), r.value()));
            }
        }
        return latest.values().stream()
                .filter(r -> r.getTagKey().equals(tagKey) && r.getTagValue().equals(tagValue) && r.getWindowSizeMs() == 86_400_000L)
                .max(java.util.Comparator.comparing(ComplaintRate::getWindowStart)).orElseThrow();
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
