package dev.casefile.topology.resolve;

import dev.casefile.contract.ComplaintIds;
import dev.casefile.contract.Identifiers;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.SupportTicket;
import dev.casefile.schema.internal.TicketResolution;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The complaint of a ticket that belongs to no turn yet, as a pure function of the ticket and its resolution. */
final class TicketComplaints {

    private TicketComplaints() {
    }

    /** Ambiguous, awaiting its trace, or unresolved, without its revision. */
    static LinkedComplaint of(SupportTicket ticket, TicketResolution resolution) {
        Map<String, String> businessKeys = new TreeMap<>(ticket.getBusinessKeys());
        if (!Identifiers.blank(ticket.getConversationUrl())) {
            businessKeys.putIfAbsent("conversation_url", ticket.getConversationUrl());
        }
        Map<String, String> status = new TreeMap<>();
        status.put(ticket.getTicketId(), ticket.getStatus());
        return LinkedComplaint.newBuilder()
                .setComplaintId(ComplaintIds.ofTicket(ticket.getWorkspaceId(), ticket.getTicketId()))
                .setStatus(resolution.getStatus())
                .setLinkMethod(resolution.getMethod())
                .setWorkspaceId(ticket.getWorkspaceId())
                .setSessionId(ticket.getSessionId())
                .setTurnId(ticket.getTurnId())
                .setTraceId(ticket.getTraceId())
                .setCandidateTraceIds(new ArrayList<>(resolution.getCandidateTraceIds()))
                .setTicketIds(List.of(ticket.getTicketId()))
                .setTicketStatus(status)
                .setLabels(ticket.getCategory() == null ? List.of() : List.of(ticket.getCategory()))
                .setComplaintText(ticket.getSubject())
                .setBusinessKeys(businessKeys)
                .setFirstReportedAt(ticket.getOpenedAt())
                .setRevision(0)
                .build();
    }
}
