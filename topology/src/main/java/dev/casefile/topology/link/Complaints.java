package dev.casefile.topology.link;

import dev.casefile.contract.ComplaintIds;
import dev.casefile.contract.Identifiers;
import dev.casefile.schema.ComplaintStatus;
import dev.casefile.schema.EvidenceTag;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.LinkMethod;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.SupportTicket;
import dev.casefile.schema.TraceSummary;
import dev.casefile.schema.TurnKey;
import dev.casefile.schema.internal.AttachedTicket;
import dev.casefile.schema.internal.TraceDigest;
import dev.casefile.schema.internal.TraceView;
import dev.casefile.schema.internal.TurnState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The complaint of a turn as a pure function of what the turn store holds. It reads the evidence in
 * a fixed order (by time, then id), never in arrival order, so the same evidence gives the same
 * complaint whatever order it came in.
 */
final class Complaints {

    private static final Comparator<FeedbackEvent> FEEDBACK_ORDER =
            Comparator.comparing(FeedbackEvent::getOccurredAt).thenComparing(FeedbackEvent::getFeedbackId);
    private static final Comparator<AttachedTicket> TICKET_ORDER = Comparator
            .comparing((AttachedTicket t) -> t.getTicket().getOpenedAt()).thenComparing(t -> t.getTicket().getTicketId());
    /** Strongest first: what tied the complaint to its trace when several pieces of evidence did. */
    private static final List<LinkMethod> STRENGTH = List.of(LinkMethod.CAPTURED_TRACE_ID, LinkMethod.TICKET_TRACE_ID,
            LinkMethod.TICKET_FEEDBACK_ID, LinkMethod.SESSION_TURN_JOIN, LinkMethod.TICKET_SESSION_TURN,
            LinkMethod.BUSINESS_KEY, LinkMethod.NONE);

    private Complaints() {
    }

    /** The complaint the state supports, without its revision; empty if nobody complained (or nobody still does). */
    static Optional<LinkedComplaint> assemble(TurnState state) {
        if (state.getFeedback().isEmpty() && state.getTickets().isEmpty()) {
            return Optional.empty();
        }
        TurnKey turn = state.getTurn();
        List<FeedbackEvent> feedback = new ArrayList<>(state.getFeedback());
        feedback.sort(FEEDBACK_ORDER);
        List<AttachedTicket> tickets = new ArrayList<>(state.getTickets());
        tickets.sort(TICKET_ORDER);
        List<TraceView> attempts = state.getAttempts();

        Optional<String> captured = feedback.stream().map(FeedbackEvent::getTraceId)
                .filter(id -> !Identifiers.blank(id)).findFirst();
        Optional<String> ticketTrace = tickets.stream().filter(t -> t.getMethod() == LinkMethod.TICKET_TRACE_ID)
                .map(t -> t.getTicket().getTraceId()).filter(id -> !Identifiers.blank(id)).findFirst();
        Optional<String> named = captured.isPresent() ? captured : ticketTrace;
        LinkMethod method = strongest(Stream.concat(
                feedback.stream().map(f -> Identifiers.blank(f.getTraceId()) ? LinkMethod.SESSION_TURN_JOIN
                        : LinkMethod.CAPTURED_TRACE_ID),
                tickets.stream().map(AttachedTicket::getMethod)));
        Instant firstReportedAt = Stream.concat(feedback.stream().map(FeedbackEvent::getOccurredAt),
                tickets.stream().map(t -> t.getTicket().getOpenedAt())).min(Comparator.naturalOrder()).orElseThrow();
        // The attempt the complaint is about: the one its evidence named, else the latest the user had seen.
        Optional<TraceView> seen = Attempts.seenAt(attempts, firstReportedAt);
        Optional<TraceView> linked = named.isPresent() ? Attempts.naming(attempts, named.get()) : seen;
        TraceView shown = linked.or(() -> seen).orElse(null);

        LinkedComplaint.Builder complaint = LinkedComplaint.newBuilder()
                .setComplaintId(ComplaintIds.of(turn))
                .setWorkspaceId(turn.getWorkspaceId())
                .setSessionId(turn.getSessionId())
                .setTurnId(turn.getTurnId())
                .setLinkMethod(method)
                .setSpanId(feedback.stream().map(FeedbackEvent::getSpanId).filter(id -> id != null).findFirst().orElse(null))
                .setAttemptTraceIds(Attempts.others(attempts, shown))
                .setFeedbackIds(feedback.stream().map(FeedbackEvent::getFeedbackId).sorted().toList())
                .setTicketIds(tickets.stream().map(t -> t.getTicket().getTicketId()).sorted().toList())
                .setTicketStatus(ticketStatus(tickets.stream().map(AttachedTicket::getTicket)))
                .setLabels(labels(feedback, tickets))
                .setComplaintText(Stream.concat(feedback.stream().map(FeedbackEvent::getComplaintText),
                        tickets.stream().map(t -> t.getTicket().getSubject())).filter(t -> t != null).findFirst().orElse(null))
                .setFirstReportedAt(firstReportedAt)
                .setBusinessKeys(businessKeys(feedback, tickets, shown, attempts))
                .setEvidenceTags(evidenceTags(feedback, shown))
                .setRevision(0);

        if (shown == null) {
            return Optional.of(complaint.setStatus(ComplaintStatus.AWAITING_TRACE).setTraceId(named.orElse(null)).build());
        }
        if (linked.isEmpty()) {
            // The product or the helpdesk named a trace this turn has no attempt of: keep its word, and say so.
            return Optional.of(complaint.setStatus(ComplaintStatus.AWAITING_TRACE)
                    .setTraceId(named.orElseThrow())
                    .setTraceConflict(shown.getTraceId())
                    .build());
        }
        TraceView trace = linked.get();
        TraceSummary summary = summary(trace.getSummary());
        Instant servedAt = summary.getStartedAt();
        Instant reportedAt = complaint.getFirstReportedAt();
        return Optional.of(complaint.setStatus(ComplaintStatus.LINKED)
                .setTraceId(named.orElse(trace.getTraceId()))
                .setOtlpTraceId(trace.getTraceId())
                .setInteractionAt(servedAt)
                // Linked once both the answer and the report existed: the later of the two, in event time.
                .setLinkedAt(servedAt == null || reportedAt.isAfter(servedAt) ? reportedAt : servedAt)
                .setTraceSummary(summary)
                .build());
    }

    /** The contract's form of a turn's trace summary. */
    private static TraceSummary summary(TraceDigest digest) {
        return TraceSummary.newBuilder()
                .setRootSpanName(digest.getRootSpanName())
                .setSpanCount(digest.getSpanCount())
                .setDroppedSpanCount(digest.getDroppedSpanCount())
                .setErrorSpanCount(digest.getErrorSpanCount())
                .setErrorSpans(new ArrayList<>(digest.getErrorSpans()))
                .setStartedAt(digest.getStartedAt() == null ? null : Instant.ofEpochMilli(digest.getStartedAt()))
                .setDurationMs(digest.getDurationMs())
                .build();
    }

    private static Map<String, String> ticketStatus(Stream<SupportTicket> tickets) {
        Map<String, String> status = new TreeMap<>();
        tickets.forEach(t -> status.put(t.getTicketId(), t.getStatus()));
        return status;
    }

    private static LinkMethod strongest(Stream<LinkMethod> methods) {
        return methods.min(Comparator.comparingInt(STRENGTH::indexOf)).orElse(LinkMethod.NONE);
    }

    private static List<String> labels(List<FeedbackEvent> feedback, List<AttachedTicket> tickets) {
        TreeSet<String> labels = new TreeSet<>();
        feedback.forEach(f -> labels.add(f.getLabel()));
        tickets.stream().map(t -> t.getTicket().getCategory()).filter(c -> c != null).forEach(labels::add);
        return new ArrayList<>(labels);
    }

    /** The shown attempt's keys first, then the feedback's, the tickets' and the other attempts'. */
    private static Map<String, String> businessKeys(List<FeedbackEvent> feedback, List<AttachedTicket> tickets,
                                                    TraceView shown, List<TraceView> attempts) {
        Map<String, String> keys = new TreeMap<>();
        if (shown != null) {
            keys.putAll(shown.getBusinessKeys());
        }
        feedback.forEach(f -> f.getBusinessKeys().forEach(keys::putIfAbsent));
        for (AttachedTicket t : tickets) {
            t.getTicket().getBusinessKeys().forEach(keys::putIfAbsent);
            if (!Identifiers.blank(t.getTicket().getConversationUrl())) {
                keys.putIfAbsent("conversation_url", t.getTicket().getConversationUrl());
            }
        }
        attempts.forEach(a -> a.getBusinessKeys().forEach(keys::putIfAbsent));
        return keys;
    }

    /** The trace's tags; the UI's tags only for keys the trace has no value for. Sorted by key. */
    private static List<EvidenceTag> evidenceTags(List<FeedbackEvent> feedback, TraceView trace) {
        Map<String, EvidenceTag> tags = new TreeMap<>();
        if (trace != null) {
            trace.getEvidenceTags().forEach(t -> tags.put(t.getKey(), t));
        }
        for (FeedbackEvent f : feedback) {
            new TreeMap<>(f.getEvidenceTags()).forEach((k, v) -> tags.putIfAbsent(k, new EvidenceTag(k, v, null, null)));
        }
        return new ArrayList<>(tags.values());
    }
}
