package dev.casefile.resilience;

import dev.casefile.schema.ComplaintRate;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.RateAlert;
import dev.casefile.schema.RateAlertKey;
import dev.casefile.schema.RateKey;
import dev.casefile.testing.KafkaClients;
import dev.casefile.topics.CasefileTopics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Reads Casefile's three outputs with read_committed and folds them as compacted topics would. */
public final class OutputView implements AutoCloseable {

    private final KafkaConsumer<String, LinkedComplaint> complaints;
    private final KafkaConsumer<RateKey, ComplaintRate> rates;
    private final Map<String, LinkedComplaint> complaintView = new HashMap<>();
    private final Map<RateKey, ComplaintRate> rateView = new HashMap<>();
    private final KafkaConsumer<RateAlertKey, RateAlert> alerts;
    private final Map<RateAlertKey, RateAlert> alertView = new HashMap<>();

    public OutputView(String bootstrapServers, CasefileTopics topics) {
        complaints = KafkaClients.readCommitted(bootstrapServers, topics.linkedComplaints().keySerde().deserializer(),
                topics.linkedComplaints().valueSerde().deserializer());
        complaints.subscribe(List.of(topics.linkedComplaints().name()));
        rates = KafkaClients.readCommitted(bootstrapServers, topics.complaintRates().keySerde().deserializer(),
                topics.complaintRates().valueSerde().deserializer());
        rates.subscribe(List.of(topics.complaintRates().name()));
        alerts = KafkaClients.readCommitted(bootstrapServers, topics.rateAlerts().keySerde().deserializer(),
                topics.rateAlerts().valueSerde().deserializer());
        alerts.subscribe(List.of(topics.rateAlerts().name()));
    }

    /** Polls linked-complaints once and returns its view (revisions aside). */
    public Map<String, LinkedComplaint> complaints() {
        complaints.poll(Duration.ofMillis(200)).forEach(r -> {
            if (r.value() == null) {
                complaintView.remove(r.key());
            } else {
                complaintView.put(r.key(), r.value());
            }
        });
        return Expected.withoutRevisions(complaintView);
    }

    /** Polls complaint-rate-by-tag once and returns complaints and interactions per key. */
    public Map<RateKey, List<Long>> rates() {
        rates.poll(Duration.ofMillis(200)).forEach(r -> rateView.put(r.key(), r.value()));
        return Expected.counts(rateView);
    }

    /** Polls complaint-rate-alerts once and returns the open alerts (a tombstone withdraws one). */
    public Map<RateAlertKey, RateAlert> alerts() {
        alerts.poll(Duration.ofMillis(200)).forEach(r -> {
            if (r.value() == null) {
                alertView.remove(r.key());
            } else {
                alertView.put(r.key(), r.value());
            }
        });
        return Map.copyOf(alertView);
    }

    @Override
    public void close() {
        complaints.close();
        rates.close();
        alerts.close();
    }
}
