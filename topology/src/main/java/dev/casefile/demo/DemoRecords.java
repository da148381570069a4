package dev.casefile.demo;

import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.SupportTicket;
import dev.casefile.serde.RecordSerdes;
import dev.casefile.topics.CasefileTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The demo's input as Kafka records, each stamped with its event time: the worked example (spans,
 * thumbs-down, then ticket cs_441 three days later) followed by the generated traffic.
 */
public final class DemoRecords {

    /** When the generated traffic starts: an hour before the worked example's answer. */
    public static final Instant START = WorkedExample.SERVED_AT.minus(Duration.ofHours(1));

    private final CasefileTopics topics;
    private final Serializer<FeedbackEvent> feedback;
    private final Serializer<SupportTicket> tickets;

    public DemoRecords(CasefileTopics topics, RecordSerdes serdes) {
        this.topics = topics;
        this.feedback = serdes.forType(FeedbackEvent.class, false).serializer();
        this.tickets = serdes.forType(SupportTicket.class, false).serializer();
    }

    /** The worked example and {@code turns} generated turns from the given seed. */
    public List<ProducerRecord<byte[], byte[]>> records(int turns, long seed) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        records.add(spans(WorkedExample.spans(), WorkedExample.SERVED_AT.toEpochMilli()));
        records.add(feedback(WorkedExample.feedback()));
        for (DemoTraffic.Event event : DemoTraffic.generate(turns, seed, START)) {
            if (event instanceof DemoTraffic.SpanBatch batch) {
                records.add(spans(batch.otlp(), batch.at().toEpochMilli()));
            } else if (event instanceof DemoTraffic.Feedback f) {
                records.add(feedback(f.event()));
            } else if (event instanceof DemoTraffic.Ticket t) {
                records.add(ticket(t.ticket()));
            }
        }
        records.add(ticket(WorkedExample.ticket()));
        return records;
    }

    private ProducerRecord<byte[], byte[]> spans(byte[] otlp, long at) {
        return new ProducerRecord<>(topics.spans().name(), null, at, null, otlp);
    }

    private ProducerRecord<byte[], byte[]> feedback(FeedbackEvent event) {
        String topic = topics.feedback().name();
        return new ProducerRecord<>(topic, null, event.getOccurredAt().toEpochMilli(), utf8(event.getFeedbackId()),
                feedback.serialize(topic, event));
    }

    private ProducerRecord<byte[], byte[]> ticket(SupportTicket ticket) {
        String topic = topics.tickets().name();
        return new ProducerRecord<>(topic, null, ticket.getUpdatedAt().toEpochMilli(), utf8(ticket.getTicketId()),
                tickets.serialize(topic, ticket));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
