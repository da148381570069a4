package dev.casefile.topology.resolve;

import dev.casefile.contract.Identifiers;
import dev.casefile.schema.ComplaintStatus;
import dev.casefile.schema.LinkMethod;
import dev.casefile.schema.SupportTicket;
import dev.casefile.schema.TurnKey;
import dev.casefile.schema.internal.IndexEntry;
import dev.casefile.schema.internal.IndexHit;
import dev.casefile.schema.internal.IndexKind;
import dev.casefile.schema.internal.TicketResolution;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Where a ticket belongs, as a pure function of the ticket and the index: by trace id, then
 * feedback id, then session and turn, then business keys (order id, conversation URL, response id,
 * email hash), the strongest that answers. Several candidate turns make it ambiguous.
 */
final class Resolution {

    private static final Comparator<TurnKey> TURN_ORDER = Comparator.comparing(TurnKey::getWorkspaceId)
            .thenComparing(TurnKey::getSessionId).thenComparing(TurnKey::getTurnId);

    private Resolution() {
    }

    /** The identifiers of {@code ticket} worth looking up, strongest first. */
    static List<IndexEntry> lookups(SupportTicket ticket) {
        List<IndexEntry> entries = new ArrayList<>();
        if (!Identifiers.blank(ticket.getTraceId())) {
            entries.add(new IndexEntry(IndexKind.TRACE, ticket.getTraceId()));
        }
        if (!Identifiers.blank(ticket.getFeedbackId())) {
            entries.add(new IndexEntry(IndexKind.FEEDBACK, ticket.getFeedbackId()));
        }
        businessValues(ticket).forEach(v -> entries.add(new IndexEntry(IndexKind.BUSINESS, v)));
        return entries;
    }

    static TicketResolution resolve(SupportTicket ticket, Function<IndexEntry, List<IndexHit>> index) {
        if (!Identifiers.blank(ticket.getTraceId())) {
            TicketResolution byTrace = bySingleKey(index.apply(new IndexEntry(IndexKind.TRACE, ticket.getTraceId())),
                    LinkMethod.TICKET_TRACE_ID);
            if (byTrace != null) {
                return byTrace;
            }
        }
        if (!Identifiers.blank(ticket.getFeedbackId())) {
            TicketResolution byFeedback = bySingleKey(index.apply(new IndexEntry(IndexKind.FEEDBACK,
                    ticket.getFeedbackId())), LinkMethod.TICKET_FEEDBACK_ID);
            if (byFeedback != null) {
                return byFeedback;
            }
        }
        if (!Identifiers.blank(ticket.getSessionId()) && !Identifiers.blank(ticket.getTurnId())) {
            return linked(new TurnKey(ticket.getWorkspaceId(), ticket.getSessionId(), ticket.getTurnId()),
                    LinkMethod.TICKET_SESSION_TURN);
        }
        TicketResolution byBusiness = byBusinessKeys(ticket, index);
        if (byBusiness != null) {
            return byBusiness;
        }
        return Identifiers.blank(ticket.getTraceId())
                ? new TicketResolution(ComplaintStatus.UNRESOLVED, LinkMethod.NONE, null, List.of())
                : new TicketResolution(ComplaintStatus.AWAITING_TRACE, LinkMethod.TICKET_TRACE_ID, null, List.of());
    }

    /** Business-key hits: turns every matching key agrees on, or else all of them. */
    private static TicketResolution byBusinessKeys(SupportTicket ticket, Function<IndexEntry, List<IndexHit>> index) {
        Map<TurnKey, String> traces = new TreeMap<>(TURN_ORDER);
        Set<TurnKey> agreed = null;
        for (String value : businessValues(ticket)) {
            List<IndexHit> hits = index.apply(new IndexEntry(IndexKind.BUSINESS, value));
            if (hits.isEmpty()) {
                continue;
            }
            Set<TurnKey> turns = new TreeSet<>(TURN_ORDER);
            for (IndexHit hit : hits) {
                turns.add(hit.getTurn());
                if (hit.getTraceId() != null) {
                    traces.merge(hit.getTurn(), hit.getTraceId(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
                } else {
                    traces.putIfAbsent(hit.getTurn(), null);
                }
            }
            if (agreed == null) {
                agreed = turns;
            } else {
                agreed.retainAll(turns);
            }
        }
        if (traces.isEmpty()) {
            return null;
        }
        Set<TurnKey> candidates = agreed != null && !agreed.isEmpty() ? agreed : traces.keySet();
        return decide(candidates, traces, LinkMethod.BUSINESS_KEY);
    }

    /**
     * Where feedback that captured a trace id belongs: the one turn the id's hits name (linked), several
     * (ambiguous), or none yet (awaiting the trace).
     */
    static TicketResolution byCapturedTrace(List<IndexHit> hits) {
        TicketResolution byTrace = bySingleKey(hits, LinkMethod.CAPTURED_TRACE_ID);
        return byTrace != null ? byTrace
                : new TicketResolution(ComplaintStatus.AWAITING_TRACE, LinkMethod.CAPTURED_TRACE_ID, null, List.of());
    }

    private static TicketResolution bySingleKey(List<IndexHit> hits, LinkMethod method) {
        if (hits.isEmpty()) {
            return null;
        }
        Map<TurnKey, String> traces = new TreeMap<>(TURN_ORDER);
        hits.forEach(h -> traces.merge(h.getTurn(), h.getTraceId() == null ? "" : h.getTraceId(),
                (a, b) -> a.isEmpty() ? b : a));
        return decide(traces.keySet(), traces, method);
    }

    private static TicketResolution decide(Set<TurnKey> candidates, Map<TurnKey, String> traces, LinkMethod method) {
        if (candidates.size() == 1) {
            return linked(candidates.iterator().next(), method);
        }
        List<String> traceIds = candidates.stream().map(traces::get).filter(t -> t != null && !t.isEmpty())
                .sorted().distinct().collect(Collectors.toList());
        return new TicketResolution(ComplaintStatus.AMBIGUOUS, method, null, traceIds);
    }

    private static TicketResolution linked(TurnKey turn, LinkMethod method) {
        return new TicketResolution(ComplaintStatus.LINKED, method, turn, List.of());
    }

    /** Business key values and the conversation URL, distinct and sorted. */
    static Set<String> businessValues(SupportTicket ticket) {
        Set<String> values = new LinkedHashSet<>(new TreeSet<>(ticket.getBusinessKeys().values()));
        if (!Identifiers.blank(ticket.getConversationUrl())) {
            values.add(ticket.getConversationUrl());
        }
        values.removeIf(v -> !Identifiers.usable(v));
        return values;
    }
}
