package dev.casefile.testing;

import dev.casefile.app.CasefileApp;
import dev.casefile.config.CasefileConfig;
import dev.casefile.config.ConsoleConfig;
import dev.casefile.config.TraceLink;
import dev.casefile.demo.DemoRecords;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.topics.CasefileTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Casefile instances with the console on, and the demo traffic they serve, for the console's integration tests. */
public final class ConsoleCasefile {

    public static final String TOKEN = "test-console-token-0123456789";
    /** The consoles link each trace into a (pretend) Grafana Tempo. */
    public static final TraceLink TRACE_LINK = new TraceLink("https://tempo.example/explore?traceId={trace_id}");

    private ConsoleCasefile() {
    }

    /** Starts an instance of {@code applicationId} on the broker, its console on a free loopback port. */
    public static CasefileApp start(String bootstrapServers, String applicationId) {
        return start(bootstrapServers, applicationId, Map.of());
    }

    /** As {@link #start(String, String)}, with {@code extra} settings on top (OIDC sign-in, say). */
    public static CasefileApp start(String bootstrapServers, String applicationId, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
                CasefileConfig.APPLICATION_ID, applicationId,
                ConsoleConfig.CONSOLE_ENABLED, "true",
                ConsoleConfig.CONSOLE_PORT, "0",
                ConsoleConfig.CONSOLE_TOKEN, TOKEN,
                CasefileConfig.TRACE_LINK_TEMPLATE, TRACE_LINK.template(),
                // The demo traffic spans about half an hour: five-minute windows show the rates move.
                CasefileConfig.RATE_WINDOW_SIZE_MS, "300000",
                // 150 turns roll the new prompt out to about 150: enough to judge at this threshold.
                CasefileConfig.RATE_ALERT_MIN_INTERACTIONS, "100",
                // The rollout starts 30 minutes after the first five-minute window: watched for 20 minutes first.
                CasefileConfig.RATE_ALERT_WARMUP_MS, "1200000"));
        settings.putAll(extra);
        return CasefileApp.start(TestSettings.config(bootstrapServers, 2, settings));
    }

    public static ConsoleClient client(CasefileApp app) {
        return new ConsoleClient(app.console().orElseThrow().url(), TOKEN);
    }

    /** Publishes the worked example and {@code turns} generated turns. */
    public static void publish(CasefileApp app, int turns, long seed) {
        List<ProducerRecord<byte[], byte[]>> records = new DemoRecords(app.topics(), app.config().recordSerdes())
                .records(turns, seed);
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(app.bootstrapServers())) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    /** Publishes one trace per form of GenAI message attributes and events ({@link GenAiForms}), nobody complaining. */
    public static void publishConversationForms(CasefileApp app, Instant at) {
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(app.bootstrapServers())) {
            for (GenAiForms.Form form : GenAiForms.all()) {
                producer.send(new ProducerRecord<>(app.topics().spans().name(), null, at.toEpochMilli(), null, form.otlp(at)));
            }
            producer.flush();
        }
    }

    /**
     * The final view of {@code linked-complaints} (read_committed) once it has been quiet for
     * {@code quiet}: what every console answer is checked against.
     */
    public static Map<String, LinkedComplaint> settledComplaints(CasefileApp app, Duration quiet, Duration max) {
        CasefileTopics topics = app.topics();
        Map<String, LinkedComplaint> view = new HashMap<>();
        try (KafkaConsumer<String, LinkedComplaint> consumer = KafkaClients.readCommitted(app.bootstrapServers(),
                topics.linkedComplaints().keySerde().deserializer(), topics.linkedComplaints().valueSerde().deserializer())) {
            consumer.subscribe(List.of(topics.linkedComplaints().name()));
            long deadline = System.nanoTime() + max.toNanos();
            long lastChange = System.nanoTime();
            while (System.nanoTime() < deadline && (view.isEmpty() || System.nanoTime() - lastChange < quiet.toNanos())) {
                for (ConsumerRecord<String, LinkedComplaint> record : consumer.poll(Duration.ofMillis(250))) {
                    if (record.value() == null) {
                        view.remove(record.key());
                    } else {
                        view.put(record.key(), record.value());
                    }
                    lastChange = System.nanoTime();
                }
            }
        }
        return view;
    }
}
