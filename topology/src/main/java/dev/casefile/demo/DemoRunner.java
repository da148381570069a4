package dev.casefile.demo;

import dev.casefile.app.CasefileApp;
import dev.casefile.contract.ComplaintIds;
import dev.casefile.schema.ComplaintStatus;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.RateAlert;
import dev.casefile.schema.RateAlertKey;
import dev.casefile.schema.TurnKey;
import dev.casefile.serde.RecordSerdes;
import dev.casefile.topics.CasefileTopics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes the worked example and the generated traffic to a running Casefile, and prints every
 * linked complaint as it appears on {@code linked-complaints}, and every rollout alert as it opens,
 * changes or is withdrawn on {@code complaint-rate-alerts} (both read with read_committed).
 */
public final class DemoRunner {

    private static final String WORKED_EXAMPLE = ComplaintIds.of(
            new TurnKey(WorkedExample.WORKSPACE, WorkedExample.SESSION, WorkedExample.TURN));

    private final CasefileApp app;
    private final DemoConfig demo;
    private final PrintStream out;
    private final AtomicBoolean stop = new AtomicBoolean();

    public DemoRunner(CasefileApp app, DemoConfig demo, PrintStream out) {
        this.app = app;
        this.demo = demo;
        this.out = out;
    }

    /** Publishes, then prints complaints until {@link #stop()} or the configured exit time. */
    public void run() {
        CasefileTopics topics = app.topics();
        try (KafkaConsumer<String, LinkedComplaint> consumer = consumer(topics);
             KafkaConsumer<RateAlertKey, RateAlert> alerts = alertConsumer(topics)) {
            consumer.subscribe(List.of(topics.linkedComplaints().name()));
            alerts.subscribe(List.of(topics.rateAlerts().name()));
            int published = publish(topics, app.config().recordSerdes());
            out.printf("Published %d records: the worked example (spans, feedback, ticket cs_441) and generated "
                    + "traffic; linked complaints follow.%n%n", published);
            Set<RateAlertKey> open = new HashSet<>();
            long exitAfter = demo.exitAfterMs();
            long deadline = exitAfter == 0 ? Long.MAX_VALUE : System.currentTimeMillis() + exitAfter;
            while (!stop.get() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, LinkedComplaint> record : consumer.poll(Duration.ofMillis(200))) {
                    print(record);
                }
                for (ConsumerRecord<RateAlertKey, RateAlert> record : alerts.poll(Duration.ZERO)) {
                    // When an alert opens or is withdrawn; its figures move as answers come in, and the console shows them.
                    if (record.value() == null ? open.remove(record.key()) : open.add(record.key())) {
                        out.println(ComplaintPrinter.format(record.key(), record.value()));
                    }
                }
            }
        }
    }

    private void print(ConsumerRecord<String, LinkedComplaint> record) {
        LinkedComplaint complaint = record.value();
        if (complaint == null) {
            out.printf("complaint %s deleted%n%n", record.key());
            return;
        }
        if (record.key().equals(WORKED_EXAMPLE) && complaint.getStatus() == ComplaintStatus.LINKED) {
            out.println(">>> The worked example: the acme_eu complaint now points at its exact trace");
        }
        out.println(ComplaintPrinter.format(complaint));
    }

    public void stop() {
        stop.set(true);
    }

    private int publish(CasefileTopics topics, RecordSerdes serdes) {
        List<ProducerRecord<byte[], byte[]>> records = new DemoRecords(topics, serdes).records(demo.turns(), demo.seed());
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            records.forEach(producer::send);
            producer.flush();
        }
        return records.size();
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> props = app.config().kafkaClientProperties(app.bootstrapServers());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private KafkaConsumer<String, LinkedComplaint> consumer(CasefileTopics topics) {
        return new KafkaConsumer<>(consumerProperties("casefile-demo-printer"), topics.linkedComplaints().keySerde().deserializer(),
                topics.linkedComplaints().valueSerde().deserializer());
    }

    private KafkaConsumer<RateAlertKey, RateAlert> alertConsumer(CasefileTopics topics) {
        return new KafkaConsumer<>(consumerProperties("casefile-demo-alert-printer"), topics.rateAlerts().keySerde().deserializer(),
                topics.rateAlerts().valueSerde().deserializer());
    }

    private Map<String, Object> consumerProperties(String group) {
        Map<String, Object> props = app.config().kafkaClientProperties(app.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }

}
