package dev.casefile.topics;

import dev.casefile.config.TopicNames;
import dev.casefile.schema.ComplaintRate;
import dev.casefile.schema.ConsoleAudit;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.RateAlert;
import dev.casefile.schema.RateAlertKey;
import dev.casefile.schema.RateKey;
import dev.casefile.serde.ContractSerde;
import dev.casefile.serde.JsonRecordCodec;
import dev.casefile.serde.RecordSerdes;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Casefile's external topics. Inputs are read as raw bytes: Casefile decodes them itself so that a
 * record it cannot read goes, unchanged, to the dead-letter topic with the reason. The console's two
 * topics are created with the rest, whether or not the console is on, so that turning it on later
 * needs no topic of its own: the audit log, kept {@link #CONSOLE_AUDIT_RETENTION_MS}, and the ended
 * sessions, keyed by session id with the expiry as an 8-byte long.
 */
public record CasefileTopics(TopicSpec<byte[], byte[]> feedback, TopicSpec<byte[], byte[]> tickets,
                             TopicSpec<byte[], byte[]> spans, TopicSpec<String, LinkedComplaint> linkedComplaints,
                             TopicSpec<RateKey, ComplaintRate> complaintRates, TopicSpec<RateAlertKey, RateAlert> rateAlerts,
                             TopicSpec<byte[], byte[]> deadLetters, TopicSpec<String, ConsoleAudit> consoleAudit,
                             TopicSpec<String, Long> consoleSessions) {

    private static final long DAY_MS = 24L * 3600 * 1000;

    /** How long the audit log keeps who opened what: over a year, so a yearly review still finds the year's. */
    public static final long CONSOLE_AUDIT_RETENTION_MS = 400 * DAY_MS;

    /**
     * How long an ended session is kept: a day longer than the longest session cookie (console.session.ttl.ms is at
     * most 7 days), after which the cookie it revokes has expired anyway.
     */
    public static final long CONSOLE_SESSIONS_RETENTION_MS = 8 * DAY_MS;

    /** The topics named by {@code names}, with Avro records written by {@code serdes}, the outputs as Avro. */
    public static CasefileTopics from(TopicNames names, RecordSerdes serdes) {
        return from(names, serdes, ContractSerde.Encoding.AVRO);
    }

    /**
     * The topics named by {@code names}; the outputs are written in {@code outputs}, and read in either encoding
     * (JSON objects and whatever {@code serdes} writes).
     */
    public static CasefileTopics from(TopicNames names, RecordSerdes serdes, ContractSerde.Encoding outputs) {
        int p = names.partitions();
        short rf = names.replicationFactor();
        long inputRetention = names.inputRetentionMs();
        return new CasefileTopics(
                raw(names.feedback(), p, rf, inputRetention),
                raw(names.tickets(), p, rf, inputRetention),
                raw(names.spans(), p, rf, names.spansRetentionMs()),
                new TopicSpec<>(names.linkedComplaints(), Serdes.String(),
                        contract(serdes, LinkedComplaint.class, false, outputs), p, rf, TopicConfig.CLEANUP_POLICY_COMPACT, -1),
                new TopicSpec<>(names.complaintRates(), contract(serdes, RateKey.class, true, outputs),
                        contract(serdes, ComplaintRate.class, false, outputs), p, rf, TopicConfig.CLEANUP_POLICY_COMPACT, -1),
                new TopicSpec<>(names.rateAlerts(), contract(serdes, RateAlertKey.class, true, outputs),
                        contract(serdes, RateAlert.class, false, outputs), p, rf, TopicConfig.CLEANUP_POLICY_COMPACT, -1),
                raw(names.deadLetters(), p, rf, inputRetention),
                new TopicSpec<>(names.consoleAudit(), Serdes.String(), contract(serdes, ConsoleAudit.class, false, outputs),
                        p, rf, TopicConfig.CLEANUP_POLICY_DELETE, CONSOLE_AUDIT_RETENTION_MS),
                new TopicSpec<>(names.consoleSessions(), Serdes.String(), Serdes.Long(), p, rf, TopicSpec.COMPACT_DELETE,
                        CONSOLE_SESSIONS_RETENTION_MS));
    }

    /** Every topic, for creation. */
    public List<TopicSpec<?, ?>> all() {
        return List.of(feedback, tickets, spans, linkedComplaints, complaintRates, rateAlerts, deadLetters, consoleAudit,
                consoleSessions);
    }

    private static <T extends SpecificRecord> Serde<T> contract(RecordSerdes serdes, Class<T> type, boolean isKey,
                                                                ContractSerde.Encoding outputs) {
        return new ContractSerde<>(serdes.forType(type, isKey), new JsonRecordCodec<>(type, JsonRecordCodec.UnknownFields.IGNORE),
                outputs);
    }

    private static TopicSpec<byte[], byte[]> raw(String name, int partitions, short rf, long retentionMs) {
        return new TopicSpec<>(name, Serdes.ByteArray(), Serdes.ByteArray(), partitions, rf,
                TopicConfig.CLEANUP_POLICY_DELETE, retentionMs);
    }
}
