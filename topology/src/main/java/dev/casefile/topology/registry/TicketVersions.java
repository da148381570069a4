package dev.casefile.topology.registry;

import dev.casefile.contract.Versions;
import dev.casefile.schema.SupportTicket;
import dev.casefile.schema.internal.ResolverInput;
import dev.casefile.schema.internal.TicketChange;
import dev.casefile.schema.internal.TicketDelete;
import dev.casefile.schema.internal.TicketEntry;
import org.apache.kafka.streams.KeyValue;

/** Tickets in the registry: newest by updated_at; their place is their workspace's resolver. */
final class TicketVersions implements VersionRegistry.Kind<TicketChange, SupportTicket, TicketEntry, String, ResolverInput> {

    @Override
    public SupportTicket version(TicketChange change) {
        return change.getTicket();
    }

    @Override
    public TicketEntry entry(SupportTicket value, boolean deleted, long lastEventAtMs) {
        return new TicketEntry(value, deleted, lastEventAtMs);
    }

    @Override
    public SupportTicket value(TicketEntry entry) {
        return entry.getTicket();
    }

    @Override
    public boolean deleted(TicketEntry entry) {
        return entry.getDeleted();
    }

    @Override
    public long lastEventAtMs(TicketEntry entry) {
        return entry.getLastEventAt();
    }

    @Override
    public boolean replaces(SupportTicket candidate, SupportTicket current) {
        return Versions.replaces(candidate, current);
    }

    @Override
    public Object place(SupportTicket ticket) {
        return ticket.getWorkspaceId();
    }

    @Override
    public KeyValue<String, ResolverInput> arrive(SupportTicket ticket) {
        return KeyValue.pair(ticket.getWorkspaceId(), new ResolverInput(ticket));
    }

    /** The resolver forgets the whole ticket: it keeps one version of each. */
    @Override
    public KeyValue<String, ResolverInput> leave(SupportTicket ticket, SupportTicket replaced) {
        return KeyValue.pair(ticket.getWorkspaceId(),
                new ResolverInput(new TicketDelete(ticket.getWorkspaceId(), ticket.getTicketId())));
    }
}
