package dev.casefile.connect.zendesk;

import dev.casefile.schema.SupportTicket;

/** What one Zendesk ticket of the export becomes: a contract ticket, a tombstone, or a dead letter with its reason. */
sealed interface MappedTicket {

    /** The record key: the ticket id with the configured prefix, e.g. {@code zd-4711}; null if the ticket has no id. */
    String key();

    record Ticket(String key, SupportTicket ticket) implements MappedTicket {
    }

    /** Zendesk reports a deleted ticket with status {@code deleted}: its record becomes a tombstone. */
    record Deleted(String key) implements MappedTicket {
    }

    /** A reason that names the contract field and the rule, and never the ticket's content. */
    record Unmappable(String key, String reason) implements MappedTicket {
    }
}
