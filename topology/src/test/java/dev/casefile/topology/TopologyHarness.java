package dev.casefile.topology;

import dev.casefile.config.CasefileConfig;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.serde.RecordSerdes;
import dev.casefile.topics.CasefileTopics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** A {@link TopologyTestDriver} around the Casefile topology with default settings, and typed pipes. */
final class TopologyHarness implements AutoCloseable {

    final CasefileConfig config;
    final RecordSerdes serdes;
    final CasefileTopics topics;
    final TopologyTestDriver driver;
    private final TestInputTopic<byte[], byte[]> spans;
    private final TestInputTopic<byte[], byte[]> feedback;
    private final TestOutputTopic<String, LinkedComplaint> complaints;
    private final TestOutputTopic<byte[], byte[]> deadLetters;

    TopologyHarness() {
        this(Map.of());
    }

    TopologyHarness(Map<String, String> settings) {
        config = new CasefileConfig(settings);
        serdes = config.recordSerdes();
        topics = CasefileTopics.from(config.topicNames(), serdes);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "casefile-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        driver = new TopologyTestDriver(CasefileTopology.build(topics, TopologySettings.from(config), serdes), props);
        spans = driver.createInputTopic(topics.spans().name(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        feedback = driver.createInputTopic(topics.feedback().name(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        complaints = driver.createOutputTopic(topics.linkedComplaints().name(),
                topics.linkedComplaints().keySerde().deserializer(), topics.linkedComplaints().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters().name(),
                Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
    }

    void spans(byte[] otlp, Instant at) {
        spans.pipeInput(null, otlp, at);
    }

    void feedback(FeedbackEvent event) {
        byte[] value = serdes.forType(FeedbackEvent.class, false).serializer().serialize(topics.feedback().name(), event);
        feedback.pipeInput(event.getFeedbackId().getBytes(StandardCharsets.UTF_8), value, event.getOccurredAt());
    }

    void rawFeedback(byte[] key, byte[] value, Instant at) {
        feedback.pipeInput(key, value, at);
    }

    /** Complaints emitted since the last call, in order. */
    List<LinkedComplaint> complaints() {
        return complaints.readValuesToList();
    }

    List<TestRecord<byte[], byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    @Override
    public void close() {
        driver.close();
    }
}
