package dev.casefile.topology;

import dev.casefile.schema.ComplaintStatus;
import dev.casefile.schema.EvidenceTag;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.LinkMethod;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.TurnKey;
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

/**
 * The complaint of a turn as a pure function of what the turn store holds. It reads the evidence in
 * a fixed order (by time, then id), never in arrival order, so the same evidence gives the same
 * complaint whatever order it came in.
 */
final class Complaints {

    private static final Comparator<FeedbackEvent> FEEDBACK_ORDER =
            Comparator.comparing(FeedbackEvent::getOccurredAt).thenComparing(FeedbackEvent::getFeedbackId);

    private Complaints() {
    }

    /** The complaint the state supports, without its revision; empty if nobody complained. */
    static Optional<LinkedComplaint> assemble(TurnState state) {
        if (state.getFeedback().isEmpty()) {
            return Optional.empty();
        }
        TurnKey turn = state.getTurn();
        List<FeedbackEvent> feedback = new ArrayList<>(state.getFeedback());
        feedback.sort(FEEDBACK_ORDER);
        TraceView trace = state.getTrace();
        Optional<String> captured = feedback.stream().map(FeedbackEvent::getTraceId)
                .filter(id -> id != null && !id.isBlank()).findFirst();

        LinkedComplaint.Builder complaint = LinkedComplaint.newBuilder()
                .setComplaintId(ComplaintIds.of(turn))
                .setWorkspaceId(turn.getWorkspaceId())
                .setSessionId(turn.getSessionId())
                .setTurnId(turn.getTurnId())
                .setFeedbackIds(feedback.stream().map(FeedbackEvent::getFeedbackId).sorted().toList())
                .setLabels(new ArrayList<>(new TreeSet<>(feedback.stream().map(FeedbackEvent::getLabel).toList())))
                .setComplaintText(feedback.stream().map(FeedbackEvent::getComplaintText).filter(t -> t != null)
                        .findFirst().orElse(null))
                .setFirstReportedAt(feedback.get(0).getOccurredAt())
                .setBusinessKeys(businessKeys(feedback, trace))
                .setEvidenceTags(evidenceTags(feedback, trace))
                .setRevision(0);

        if (trace == null) {
            return Optional.of(complaint.setStatus(ComplaintStatus.AWAITING_TRACE)
                    .setLinkMethod(captured.isPresent() ? LinkMethod.CAPTURED_TRACE_ID : LinkMethod.NONE)
                    .setTraceId(captured.orElse(null))
                    .build());
        }
        complaint.setOtlpTraceId(trace.getTraceId());
        if (captured.isPresent() && !names(trace, captured.get())) {
            // The product captured another trace for this turn: keep its word, and say so.
            return Optional.of(complaint.setStatus(ComplaintStatus.AWAITING_TRACE)
                    .setLinkMethod(LinkMethod.CAPTURED_TRACE_ID)
                    .setTraceId(captured.get())
                    .setOtlpTraceId(null)
                    .setTraceConflict(trace.getTraceId())
                    .build());
        }
        Instant servedAt = trace.getSummary().getStartedAt();
        Instant reportedAt = feedback.get(0).getOccurredAt();
        return Optional.of(complaint.setStatus(ComplaintStatus.LINKED)
                .setLinkMethod(captured.isPresent() ? LinkMethod.CAPTURED_TRACE_ID : LinkMethod.SESSION_TURN_JOIN)
                .setTraceId(captured.orElse(trace.getTraceId()))
                .setInteractionAt(servedAt)
                // Linked once both the answer and the report existed: the later of the two, in event time.
                .setLinkedAt(servedAt == null || reportedAt.isAfter(servedAt) ? reportedAt : servedAt)
                .setTraceSummary(trace.getSummary())
                .build());
    }

    /** Whether two views differ in anything but their revision. */
    static boolean sameMaterial(LinkedComplaint a, LinkedComplaint b) {
        if (a == null || b == null) {
            return a == b;
        }
        return withRevision(a, 0).equals(withRevision(b, 0));
    }

    /** The newly assembled complaint with the revision after {@code previous}'s (1 if none). */
    static LinkedComplaint revise(LinkedComplaint assembled, LinkedComplaint previous) {
        return withRevision(assembled, previous == null ? 1 : previous.getRevision() + 1);
    }

    private static boolean names(TraceView trace, String id) {
        return trace.getTraceId().equalsIgnoreCase(id) || trace.getAliases().contains(id);
    }

    static LinkedComplaint withRevision(LinkedComplaint c, long revision) {
        return LinkedComplaint.newBuilder(c).setRevision(revision).build();
    }

    private static Map<String, String> businessKeys(List<FeedbackEvent> feedback, TraceView trace) {
        Map<String, String> keys = new TreeMap<>();
        if (trace != null) {
            keys.putAll(trace.getBusinessKeys());
        }
        for (FeedbackEvent f : feedback) {
            f.getBusinessKeys().forEach(keys::putIfAbsent);
        }
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
