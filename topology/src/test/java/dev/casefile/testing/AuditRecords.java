package dev.casefile.testing;

import dev.casefile.app.CasefileApp;
import dev.casefile.schema.ConsoleAudit;
import dev.casefile.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** The console audit topic as a reader sees it: every record from the start, until none has come for a second. */
public final class AuditRecords {

    /** One audit record's fields, as strings ({@code "null"} for none). */
    public record Opened(String agent, String source, String route, String traceId, String complaintId, String workspaceId,
                         String instance) {
    }

    private AuditRecords() {
    }

    public static List<Opened> read(CasefileApp app) {
        TopicSpec<String, ConsoleAudit> topic = app.topics().consoleAudit();
        List<Opened> opened = new ArrayList<>();
        try (KafkaConsumer<String, ConsoleAudit> consumer = KafkaClients.readCommitted(app.bootstrapServers(),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            long quietSince = System.nanoTime();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() - quietSince < Duration.ofSeconds(1).toNanos() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, ConsoleAudit> record : consumer.poll(Duration.ofMillis(200))) {
                    ConsoleAudit a = record.value();
                    opened.add(new Opened(String.valueOf(a.getAgentName()), String.valueOf(a.getAgentSource()),
                            String.valueOf(a.getRouteTemplate()), String.valueOf(a.getTraceId()),
                            String.valueOf(a.getComplaintId()), String.valueOf(a.getWorkspaceId()),
                            String.valueOf(a.getInstance())));
                    quietSince = System.nanoTime();
                }
                if (opened.isEmpty() && consumer.assignment().isEmpty()) {
                    quietSince = System.nanoTime();
                }
            }
        }
        return opened;
    }
}
