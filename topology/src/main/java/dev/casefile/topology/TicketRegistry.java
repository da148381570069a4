package dev.casefile.topology;

import dev.casefile.config.Retention;
import dev.casefile.schema.SupportTicket;
import dev.casefile.schema.internal.ResolverInput;
import dev.casefile.schema.internal.TicketChange;
import dev.casefile.schema.internal.TicketDelete;
import dev.casefile.schema.internal.TicketEntry;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Remembers, per ticket id, the newest version (by updated_at) or that it was deleted, so replays
 * and stale versions change nothing, and a tombstone, which carries only the id, reaches the
 * ticket's workspace.
 */
final class TicketRegistry extends ContextualProcessor<String, TicketChange, String, Routed> {

    private final Retention retention;
    private KeyValueStore<String, TicketEntry> registry;

    TicketRegistry(Retention retention) {
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        super.init(context);
        registry = context.getStateStore(Names.TICKET_REGISTRY);
        registry = StoreRetention.schedule(context, retention, registry, e -> e.getLastEventAt().toEpochMilli(),
                e -> retention.complaintMs());
    }

    @Override
    public void process(Record<String, TicketChange> record) {
        String id = record.key();
        Instant at = Instant.ofEpochMilli(record.timestamp());
        TicketEntry entry = registry.get(id);
        SupportTicket next = record.value().getTicket();
        if (next == null) {
            if (entry != null && !entry.getDeleted()) {
                delete(record, entry.getTicket());
                registry.put(id, new TicketEntry(entry.getTicket(), true, at));
            }
            return;
        }
        if (entry != null && !Versions.replaces(next, entry.getTicket())) {
            return;
        }
        if (entry != null && !entry.getDeleted() && !entry.getTicket().getWorkspaceId().equals(next.getWorkspaceId())) {
            delete(record, entry.getTicket());
        }
        registry.put(id, new TicketEntry(next, false, at));
        context().forward(record.withValue(new Routed.ToResolver(next.getWorkspaceId(), new ResolverInput(next))));
    }

    private void delete(Record<String, TicketChange> record, SupportTicket ticket) {
        TicketDelete delete = new TicketDelete(ticket.getWorkspaceId(), ticket.getTicketId());
        context().forward(record.withValue(new Routed.ToResolver(ticket.getWorkspaceId(), new ResolverInput(delete))));
    }
}
