package dev.casefile.topology;

import dev.casefile.config.CasefileConfig;
import dev.casefile.schema.ComplaintRate;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.RateAlert;
import dev.casefile.schema.RateAlertKey;
import dev.casefile.schema.RateKey;
import dev.casefile.schema.SupportTicket;
import dev.casefile.serde.RecordSerdes;
import dev.casefile.topics.CasefileTopics;
import dev.casefile.topology.ingest.DeadLetters;
import dev.casefile.topology.ingest.EventTimes;
import dev.casefile.topology.ingest.OtlpSpanDecoder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/** A {@link TopologyTestDriver} around the Casefile topology, with typed pipes and the output folded into a view. */
public final class TopologyHarness implements AutoCloseable {

    final CasefileConfig config;
    final RecordSerdes serdes;
    final CasefileTopics topics;
    final TopologyTestDriver driver;
    private final TestInputTopic<byte[], byte[]> spans;
    private final TestInputTopic<byte[], byte[]> feedback;
    private final TestInputTopic<byte[], byte[]> tickets;
    private final TestOutputTopic<String, LinkedComplaint> complaints;
    private final TestOutputTopic<byte[], byte[]> deadLetters;
    private final TestOutputTopic<RateKey, ComplaintRate> rates;
    private final TestOutputTopic<RateAlertKey, RateAlert> alerts;
    private final Map<RateAlertKey, RateAlert> alertView = new HashMap<>();
    private final Map<RateKey, ComplaintRate> rateView = new HashMap<>();
    private final Map<String, LinkedComplaint> view = new HashMap<>();
    /** What the processors count, as the application's Prometheus registry would. */
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** The spans topic, read back by offset. */
    private final PipedSpans pipedSpans;
    /** Each harness has its own state directory, so several can be open at once. */
    private final Path stateDir = temporaryDirectory();

    public TopologyHarness() {
        this(Map.of());
    }

    public TopologyHarness(Map<String, String> settings) {
        this(settings, Clock.systemUTC());
    }

    /** A harness whose gates judge event times by {@code clock}. */
    public TopologyHarness(Map<String, String> settings, Clock clock) {
        config = new CasefileConfig(settings);
        serdes = config.recordSerdes();
        topics = CasefileTopics.from(config.topicNames(), serdes, config.outputEncoding());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "casefile-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        pipedSpans = new PipedSpans(new OtlpSpanDecoder(config.spanMapping(), config.spanFormat(), new EventTimes(clock)));
        driver = new TopologyTestDriver(CasefileTopology.build(topics, TopologySettings.from(config).withClock(clock)
                .withMeters(meters).withSpanSource(pipedSpans), serdes), props);
        spans = rawInput(topics.spans().name());
        feedback = rawInput(topics.feedback().name());
        tickets = rawInput(topics.tickets().name());
        complaints = driver.createOutputTopic(topics.linkedComplaints().name(),
                topics.linkedComplaints().keySerde().deserializer(), topics.linkedComplaints().valueSerde().deserializer());
        rates = driver.createOutputTopic(topics.complaintRates().name(),
                topics.complaintRates().keySerde().deserializer(), topics.complaintRates().valueSerde().deserializer());
        alerts = driver.createOutputTopic(topics.rateAlerts().name(),
                topics.rateAlerts().keySerde().deserializer(), topics.rateAlerts().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters().name(),
                Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
    }

    public void spans(byte[] otlp, Instant at) {
        spans(null, otlp, at);
    }

    public void spans(byte[] key, byte[] otlp, Instant at) {
        pipedSpans.piped(otlp);
        spans.pipeInput(key, otlp, at);
    }

    /** Every spans record piped so far is deleted from the spans topic, as its retention would. */
    public void deleteSpansRecords() {
        pipedSpans.deleteBefore(pipedSpans.endOffset());
    }

    void feedback(FeedbackEvent event) {
        byte[] value = serdes.forType(FeedbackEvent.class, false).serializer().serialize(topics.feedback().name(), event);
        feedback.pipeInput(utf8(event.getFeedbackId()), value, event.getOccurredAt());
    }

    void deleteFeedback(String feedbackId, Instant at) {
        feedback.pipeInput(utf8(feedbackId), null, at);
    }

    public void rawFeedback(byte[] key, byte[] value, Instant at) {
        feedback.pipeInput(key, value, at);
    }

    void rawFeedbackWithHeaders(byte[] key, byte[] value, org.apache.kafka.common.header.Headers headers, Instant at) {
        feedback.pipeInput(new TestRecord<>(key, value, headers, at));
    }

    /** Complaint records with their headers, bypassing the view. */
    List<TestRecord<String, LinkedComplaint>> complaintRecordsWithHeaders() {
        return complaints.readRecordsToList();
    }

    void ticket(SupportTicket ticket) {
        byte[] value = serdes.forType(SupportTicket.class, false).serializer().serialize(topics.tickets().name(), ticket);
        tickets.pipeInput(utf8(ticket.getTicketId()), value, ticket.getUpdatedAt());
    }

    void deleteTicket(String ticketId, Instant at) {
        tickets.pipeInput(utf8(ticketId), null, at);
    }

    public void rawTicket(byte[] key, byte[] value, Instant at) {
        tickets.pipeInput(key, value, at);
    }

    /** Complaint records (tombstones included, as null values) emitted since the last read, in order. */
    List<KeyValue<String, LinkedComplaint>> records() {
        List<KeyValue<String, LinkedComplaint>> records = complaints.readKeyValuesToList();
        records.forEach(r -> {
            if (r.value == null) {
                view.remove(r.key);
            } else {
                view.put(r.key, r.value);
            }
        });
        return records;
    }

    /** Complaints (not tombstones) emitted since the last read, in order. */
    List<LinkedComplaint> complaints() {
        return records().stream().map(r -> r.value).filter(v -> v != null).toList();
    }

    /** What a compacted linked-complaints topic holds after everything so far: the latest view per key. */
    public Map<String, LinkedComplaint> view() {
        records();
        return Map.copyOf(view);
    }

    /** Rate records emitted since the last read, in order. */
    List<ComplaintRate> rateRecords() {
        flushRates();
        List<KeyValue<RateKey, ComplaintRate>> records = rates.readKeyValuesToList();
        records.forEach(r -> rateView.put(r.key, r.value));
        return records.stream().map(r -> r.value).toList();
    }

    /** True while no rate record was written (the turn linkers' buffered changes not yet sent on). */
    boolean noRateOutputYet() {
        return rates.isEmpty();
    }

    /** Lets the wall clock pass (wall-clock punctuations: rate flushes, retention passes in progress). */
    void advanceWallClock(java.time.Duration by) {
        driver.advanceWallClockTime(by);
    }

    /** Lets the wall clock pass one rate flush interval, so the turn linkers send their summed rate changes on. */
    public void flushRates() {
        long interval = config.rateSettings().flushIntervalMs();
        if (interval > 0) {
            driver.advanceWallClockTime(java.time.Duration.ofMillis(interval));
        }
    }

    /** The latest rate record per key so far: what a compacted complaint-rate-by-tag holds. */
    public Map<RateKey, ComplaintRate> rates() {
        rateRecords();
        return Map.copyOf(rateView);
    }

    /** The open rollout alerts: what a compacted complaint-rate-alerts holds (a tombstone withdraws one). */
    public Map<RateAlertKey, RateAlert> alerts() {
        flushRates();
        for (KeyValue<RateAlertKey, RateAlert> record : alerts.readKeyValuesToList()) {
            if (record.value == null) {
                alertView.remove(record.key);
            } else {
                alertView.put(record.key, record.value);
            }
        }
        return Map.copyOf(alertView);
    }

    /** The reason header of each dead letter emitted since the last read, in order. */
    List<String> deadLetterReasons() {
        return deadLetters().stream().map(r -> DeadLetters.header(r.headers(), DeadLetters.REASON)).toList();
    }

    List<TestRecord<byte[], byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    /** Entries in a store, counted by iterating it. */
    long storeSize(String store) {
        KeyValueStore<Object, Object> kv = driver.getKeyValueStore(store);
        long n = 0;
        try (KeyValueIterator<Object, Object> all = kv.all()) {
            while (all.hasNext()) {
                all.next();
                n++;
            }
        }
        return n;
    }

    private TestInputTopic<byte[], byte[]> rawInput(String topic) {
        return driver.createInputTopic(topic, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("casefile-driver-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.close();
        try (Stream<Path> paths = Files.walk(stateDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
