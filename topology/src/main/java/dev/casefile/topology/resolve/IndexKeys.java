package dev.casefile.topology.resolve;

import dev.casefile.schema.internal.IndexEntry;
import dev.casefile.schema.internal.IndexKind;
import dev.casefile.topology.store.CompositeKeys;
import java.util.List;
import java.util.Set;

/**
 * The keys of the resolver's stores. {@code key-index}: {@code workspace␟KIND␟value␟source}, so one
 * prefix scan finds every source of one identifier. {@code ticket-lookup-sets}:
 * {@code workspace␟KIND␟value␟} → the ids of the tickets looking it up, joined by ␟.
 * {@code ticket-store}: {@code workspace␟ticket id}. {@code trace-feedback}:
 * {@code workspace␟TRACE␟value␟feedback id}, so one prefix scan finds the feedback waiting on a trace id.
 */
final class IndexKeys {

    private IndexKeys() {
    }

    /** {@code workspace␟KIND␟value␟}: every index entry and ticket lookup of one identifier shares it. */
    static String identifier(String workspace, IndexEntry entry) {
        return CompositeKeys.prefix(workspace, entry.getKind().toString(), entry.getValue());
    }

    /** Whether an {@link #identifier} prefix is a trace id's. */
    static boolean isTrace(String identifierPrefix) {
        int first = identifierPrefix.indexOf(CompositeKeys.SEP);
        return identifierPrefix.startsWith(IndexKind.TRACE + CompositeKeys.SEP_STRING, first + 1);
    }

    /** The key-index entry of one source for one identifier. */
    static String entry(String workspace, IndexEntry entry, String sourceId) {
        return identifier(workspace, entry) + sourceId;
    }

    /** The ticket-store key of one ticket. */
    static String ticket(String workspace, String ticketId) {
        return CompositeKeys.join(workspace, ticketId);
    }

    /** The ticket ids of a ticket-lookup-sets value. */
    static List<String> ticketIds(String lookupSet) {
        return List.of(lookupSet.split(CompositeKeys.SEP_STRING));
    }

    /** The ticket-lookup-sets value of these ticket ids. */
    static String lookupSet(Set<String> ticketIds) {
        return String.join(CompositeKeys.SEP_STRING, ticketIds);
    }
}
