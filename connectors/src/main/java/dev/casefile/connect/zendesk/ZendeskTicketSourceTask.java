package dev.casefile.connect.zendesk;

import com.google.gson.JsonObject;
import dev.casefile.schema.SupportTicket;
import dev.casefile.serde.ContractSerde;
import dev.casefile.serde.JsonRecordCodec;
import dev.casefile.serde.SingleObjectRecordSerdes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pages through the export. Every record of a page but the last carries the position that fetched
 * the page, and the last carries the next page's cursor, so the offset Connect commits never passes a
 * ticket that was not written: after a crash the task asks again for the page it was in, and may
 * write some of its tickets twice (at least once; Casefile keeps the newest version of a ticket, so
 * a repeat changes nothing).
 */
public final class ZendeskTicketSourceTask extends SourceTask {

    private static final Logger LOG = LoggerFactory.getLogger(ZendeskTicketSourceTask.class);
    static final String PARTITION_KEY = "zendesk";
    static final String UNMAPPABLE_CAUSE = "unmappable_ticket";
    private static final long MAX_POLL_WAIT_MS = 1_000;

    private final Pause pause = new Pause();
    private ZendeskSourceConfig config;
    private ZendeskApi api;
    private Serializer<SupportTicket> tickets;
    private Map<String, String> partition;
    private ExportPosition position;
    private long nextRequestAt;

    @Override
    public void start(Map<String, String> props) {
        config = new ZendeskSourceConfig(props);
        api = new ZendeskApi(config.connection(), config.retryBudgetMs(), pause);
        tickets = new ContractSerde<>(new SingleObjectRecordSerdes().forType(SupportTicket.class, false),
                new JsonRecordCodec<>(SupportTicket.class, JsonRecordCodec.UnknownFields.IGNORE), config.outputEncoding())
                .serializer();
        partition = Map.of(PARTITION_KEY, config.connection().baseUrl());
        position = ExportPosition.from(context.offsetStorageReader().offset(partition), config.startTimeSeconds());
        if (position.cursor() == null) {
            LOG.info("Zendesk ticket export from {} starts at start time {}", config.connection().baseUrl(),
                    position.startTimeSeconds());
        } else {
            LOG.info("Zendesk ticket export from {} resumes at its stored cursor", config.connection().baseUrl());
        }
    }

    /** Waits at most a second per call, so that pausing or stopping the task is never held up for long. */
    @Override
    public List<SourceRecord> poll() {
        long wait = nextRequestAt - System.currentTimeMillis();
        if (wait > 0) {
            pause.sleep(Math.min(wait, MAX_POLL_WAIT_MS));
            return null;
        }
        if (pause.isStopped()) {
            return null;
        }
        ExportPage page;
        try {
            page = position.fetch(api, config.pageSize());
        } catch (ZendeskException e) {
            if (!e.retriable()) {
                throw new ConnectException("Zendesk ticket export failed: " + e.getMessage(), e);
            }
            long retryIn = Math.max(config.requestIntervalMs(), e.retryAfterMs());
            LOG.warn("Zendesk ticket export: {}; asking again from the same position in {} ms", e.getMessage(), retryIn);
            nextRequestAt = System.currentTimeMillis() + retryIn;
            return null;
        }
        ExportPosition next = page.afterCursor() == null ? position : ExportPosition.after(page.afterCursor());
        List<SourceRecord> records = new ArrayList<>(page.tickets().size());
        for (int i = 0; i < page.tickets().size(); i++) {
            Map<String, Object> offset = (i == page.tickets().size() - 1 ? next : position).offset();
            records.add(record(page.tickets().get(i), page.userEmails(), offset));
        }
        position = next;
        nextRequestAt = System.currentTimeMillis() + (page.endOfStream() ? config.pollIntervalMs() : config.requestIntervalMs());
        LOG.debug("Zendesk ticket export: {} tickets, end of stream {}", records.size(), page.endOfStream());
        return records;
    }

    private SourceRecord record(JsonObject ticket, Map<Long, String> userEmails, Map<String, Object> offset) {
        MappedTicket mapped = config.mapper().map(ticket, userEmails);
        if (mapped instanceof MappedTicket.Ticket t) {
            return new SourceRecord(partition, offset, config.topic(), null, Schema.STRING_SCHEMA, t.key(),
                    Schema.OPTIONAL_BYTES_SCHEMA, tickets.serialize(config.topic(), t.ticket()), t.ticket().getUpdatedAt().toEpochMilli());
        }
        if (mapped instanceof MappedTicket.Deleted d) {
            return new SourceRecord(partition, offset, config.topic(), null, Schema.STRING_SCHEMA, d.key(),
                    Schema.OPTIONAL_BYTES_SCHEMA, null);
        }
        if (mapped instanceof MappedTicket.Unmappable u) {
            LOG.warn("A Zendesk ticket cannot be mapped and goes to {}; the casefile.dlq.reason header says why", config.deadLetterTopic());
            ConnectHeaders headers = new ConnectHeaders();
            headers.addString("casefile.dlq.reason", u.reason());
            headers.addString("casefile.dlq.cause", UNMAPPABLE_CAUSE);
            return new SourceRecord(partition, offset, config.deadLetterTopic(), null, Schema.OPTIONAL_STRING_SCHEMA, u.key(),
                    Schema.OPTIONAL_BYTES_SCHEMA, ticket.toString().getBytes(StandardCharsets.UTF_8), null, headers);
        }
        throw new IllegalStateException("unexpected kind of mapped ticket: " + mapped.getClass().getName());
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
