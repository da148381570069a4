package dev.casefile.topology;

import dev.casefile.config.Retention;
import dev.casefile.schema.SupportTicket;
import dev.casefile.schema.internal.ResolverInput;
import dev.casefile.schema.internal.TicketChange;
import dev.casefile.schema.internal.TicketDelete;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Remembers, per ticket id, the newest version (by updated_at), so replays and stale versions
 * change nothing, and a tombstone, which carries only the id, reaches the ticket's workspace.
 */
final class TicketRegistry extends ContextualProcessor<String, TicketChange, String, Routed> {

    private final Retention retention;
    private KeyValueStore<String, SupportTicket> registry;

    TicketRegistry(Retention retention) {
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        super.init(context);
        registry = context.getStateStore(Names.TICKET_REGISTRY);
        StoreRetention.schedule(context, retention, registry, t -> t.getUpdatedAt().toEpochMilli(),
                t -> retention.complaintMs());
    }

    @Override
    public void process(Record<String, TicketChange> record) {
        String id = record.key();
        SupportTicket current = registry.get(id);
        SupportTicket next = record.value().getTicket();
        if (next == null) {
            if (current != null) {
                delete(record, current);
                registry.delete(id);
            }
            return;
        }
        if (!Versions.replaces(next, current)) {
            return;
        }
        if (current != null && !current.getWorkspaceId().equals(next.getWorkspaceId())) {
            delete(record, current);
        }
        registry.put(id, next);
        context().forward(record.withValue(new Routed.ToResolver(next.getWorkspaceId(), new ResolverInput(next))));
    }

    private void delete(Record<String, TicketChange> record, SupportTicket ticket) {
        TicketDelete delete = new TicketDelete(ticket.getWorkspaceId(), ticket.getTicketId());
        context().forward(record.withValue(new Routed.ToResolver(ticket.getWorkspaceId(), new ResolverInput(delete))));
    }
}
