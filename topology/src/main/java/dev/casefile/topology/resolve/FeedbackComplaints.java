package dev.casefile.topology.resolve;

import dev.casefile.contract.ComplaintIds;
import dev.casefile.schema.EvidenceTag;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.internal.TicketResolution;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The complaint of feedback whose captured trace leads to no turn yet (the trace has not arrived, or
 * its id names traces of several turns), as a pure function of the feedback and its resolution, so
 * support sees it rather than nothing.
 */
final class FeedbackComplaints {

    private FeedbackComplaints() {
    }

    /** Awaiting its trace, or ambiguous, without its revision. */
    static LinkedComplaint of(FeedbackEvent feedback, TicketResolution resolution) {
        List<EvidenceTag> tags = new ArrayList<>();
        new TreeMap<>(feedback.getEvidenceTags()).forEach((k, v) -> tags.add(new EvidenceTag(k, v, null, null)));
        return LinkedComplaint.newBuilder()
                .setComplaintId(ComplaintIds.ofFeedback(feedback.getWorkspaceId(), feedback.getFeedbackId()))
                .setStatus(resolution.getStatus())
                .setLinkMethod(resolution.getMethod())
                .setWorkspaceId(feedback.getWorkspaceId())
                .setTraceId(feedback.getTraceId())
                .setSpanId(feedback.getSpanId())
                .setCandidateTraceIds(new ArrayList<>(resolution.getCandidateTraceIds()))
                .setFeedbackIds(List.of(feedback.getFeedbackId()))
                .setLabels(List.of(feedback.getLabel()))
                .setComplaintText(feedback.getComplaintText())
                .setEvidenceTags(tags)
                .setBusinessKeys(Map.copyOf(new TreeMap<>(feedback.getBusinessKeys())))
                .setFirstReportedAt(feedback.getOccurredAt())
                .setRevision(0)
                .build();
    }
}
