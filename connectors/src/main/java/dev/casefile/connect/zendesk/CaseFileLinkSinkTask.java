package dev.casefile.connect.zendesk;

import com.google.gson.JsonObject;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.serde.ContractSerde;
import dev.casefile.serde.JsonRecordCodec;
import dev.casefile.serde.SingleObjectRecordSerdes;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For each complaint, and each of its tickets with the Zendesk prefix: compares what the ticket
 * should show with what it shows (from a cache of what this task last saw or wrote; before any write,
 * read again from Zendesk) and updates the ticket only when they differ, with Zendesk's
 * {@code safe_update}, so an edit made meanwhile makes the update fail (409) and be tried again. A complaint that cannot be read, or names a ticket Zendesk does
 * not have or refuses, goes to Connect's errant-record reporter with the reason (configure
 * {@code errors.tolerance=all} with {@code errors.deadletterqueue.topic.name} or {@code errors.log.enable});
 * without one it is logged and skipped. A rate limit, a 5xx, a timeout or a conflict hands the batch
 * back to Connect, which waits ({@code Retry-After}, or at least a second) and delivers it again.
 */
public final class CaseFileLinkSinkTask extends SinkTask {

    private static final Logger LOG = LoggerFactory.getLogger(CaseFileLinkSinkTask.class);
    private static final int CACHE_TICKETS = 10_000;

    private final Pause pause = new Pause();
    private LinkSinkConfig config;
    private ZendeskApi api;
    private Deserializer<LinkedComplaint> complaints;
    private ErrantRecordReporter errants;
    private final Map<Long, TicketLink> shown = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, TicketLink> eldest) {
            return size() > CACHE_TICKETS;
        }
    };

    @Override
    public void start(Map<String, String> props) {
        config = new LinkSinkConfig(props);
        // No retries inside a call: put() must not sleep past the consumer's poll interval, so every failure goes
        // back to Connect, which waits (context.timeout) and hands the batch back.
        api = new ZendeskApi(config.connection(), 0, pause);
        complaints = new ContractSerde<>(new SingleObjectRecordSerdes().forType(LinkedComplaint.class, false),
                new JsonRecordCodec<>(LinkedComplaint.class, JsonRecordCodec.UnknownFields.IGNORE), ContractSerde.Encoding.AVRO)
                .deserializer();
        errants = context.errantRecordReporter();
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        for (SinkRecord record : records) {
            if (record.value() == null) {
                continue;
            }
            if (!(record.value() instanceof byte[] bytes)) {
                reject(record, "value", "must be the record's bytes; set value.converter to"
                        + " org.apache.kafka.connect.converters.ByteArrayConverter", "");
                continue;
            }
            LinkedComplaint complaint;
            try {
                complaint = complaints.deserialize(record.topic(), bytes);
            } catch (RuntimeException e) {
                reject(record, "value", "not a LinkedComplaint of Casefile's contract", ": " + e.getMessage());
                continue;
            }
            Optional<TicketLink> wanted = TicketLink.wanted(complaint, config);
            if (wanted.isEmpty()) {
                continue;
            }
            for (String ticketId : complaint.getTicketIds()) {
                OptionalLong zendeskId = config.zendeskId(ticketId);
                if (zendeskId.isPresent()) {
                    apply(record, complaint, ticketId, zendeskId.getAsLong(), wanted.get());
                }
            }
        }
    }

    private void apply(SinkRecord record, LinkedComplaint complaint, String ticketId, long zendeskId, TicketLink wanted) {
        try {
            if (wanted.equals(shown.get(zendeskId))) {
                return;
            }
            // Before any write, what the ticket shows now (the cache may be stale, or a write may have been applied
            // although its answer never came), and the stamp that makes the update fail if it changes meanwhile.
            Optional<JsonObject> ticket = api.ticket(zendeskId);
            if (ticket.isEmpty()) {
                reject(record, "ticket_ids", "Zendesk has no such ticket", " (ticket " + zendeskId + ", " + ticketId
                        + ", of complaint " + complaint.getComplaintId() + ")");
                return;
            }
            if (TicketLink.shownOn(ticket.get(), config).equals(wanted)) {
                shown.put(zendeskId, wanted);
                return;
            }
            // Until the update is known to have been applied, the next try reads the ticket again.
            shown.remove(zendeskId);
            TicketLink written = TicketLink.shownOn(api.update(zendeskId,
                    wanted.update(complaint, config, Json.text(ticket.get(), "updated_at"))), config);
            if (!written.equals(wanted)) {
                LOG.warn("A Zendesk ticket update was accepted but the ticket does not show it; are fields {} and {}"
                        + " text fields the API may set?", config.traceField(), config.statusField());
            }
            // What was asked for, so that later revisions of the complaint do not write again in this task's lifetime.
            shown.put(zendeskId, wanted);
            LOG.info("Wrote a {} complaint's link to its Zendesk ticket", complaint.getStatus());
        } catch (ZendeskException e) {
            if (e.retriable()) {
                context.timeout(Math.max(1_000, e.retryAfterMs()));
                throw new RetriableException("Zendesk: " + e.getMessage() + "; the batch is tried again", e);
            }
            if (e.status() == 401 || e.status() == 403) {
                throw new ConnectException("Zendesk refuses the sink's credentials: " + e.getMessage(), e);
            }
            reject(record, "ticket_ids", "Zendesk refused the update (HTTP " + e.status() + ")", " (ticket " + zendeskId
                    + " of complaint " + complaint.getComplaintId() + "): " + e.getMessage());
        }
    }

    /**
     * To the errant-record reporter with the reason ({@code field: rule} and the ids it concerns); without a reporter,
     * a log line with the record's coordinates, the field and the rule, and no ids.
     */
    private void reject(SinkRecord record, String field, String rule, String ids) {
        if (errants == null) {
            LOG.warn("{}-{}@{} skipped, {}: {} (configure an errant-record reporter to keep the record and its ids)",
                    record.topic(), record.kafkaPartition(), record.kafkaOffset(), field, rule);
            return;
        }
        errants.report(record, new ConnectException(field + ": " + rule + ids));
    }

    @Override
    public void stop() {
        pause.stop();
    }

    @Override
    public String version() {
        return Version.get();
    }
}
