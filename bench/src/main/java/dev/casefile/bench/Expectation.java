package dev.casefile.bench;

import dev.casefile.schema.ComplaintStatus;
import dev.casefile.schema.LinkedComplaint;

/**
 * What the linked complaint of one complained-about turn must show once all its evidence is in:
 * LINKED to its trace, with its feedback and (when the turn got one) its ticket. {@code records}
 * is how many input records that evidence takes.
 */
public record Expectation(String complaintId, String otlpTraceId, String feedbackId, String ticketId, int records) {

    /** True when {@code complaint} carries every piece of this turn's evidence. */
    public boolean completedBy(LinkedComplaint complaint) {
        return complaint.getStatus() == ComplaintStatus.LINKED
                && otlpTraceId.equals(complaint.getOtlpTraceId())
                && complaint.getFeedbackIds().contains(feedbackId)
                && (ticketId == null || complaint.getTicketIds().contains(ticketId));
    }
}
