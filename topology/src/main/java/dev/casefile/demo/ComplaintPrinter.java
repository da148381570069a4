package dev.casefile.demo;

import dev.casefile.schema.EvidenceTag;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.TraceSummary;
import java.util.stream.Collectors;

/** Renders a linked complaint for a person reading a terminal. */
public final class ComplaintPrinter {

    private ComplaintPrinter() {
    }

    public static String format(LinkedComplaint c) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("complaint %s  rev %d  %s via %s%n", c.getComplaintId(), c.getRevision(),
                c.getStatus(), c.getLinkMethod()));
        out.append("  workspace ").append(c.getWorkspaceId());
        if (c.getSessionId() != null) {
            out.append("  session ").append(c.getSessionId()).append("  turn ").append(c.getTurnId());
        }
        if (!c.getFeedbackIds().isEmpty()) {
            out.append("  feedback ").append(String.join(",", c.getFeedbackIds()));
        }
        if (!c.getTicketIds().isEmpty()) {
            out.append("  tickets ").append(c.getTicketIds().stream()
                    .map(id -> id + " (" + c.getTicketStatus().getOrDefault(id, "?") + ")").collect(Collectors.joining(",")));
        }
        out.append("  labels ").append(String.join(",", c.getLabels())).append(System.lineSeparator());
        if (!c.getCandidateTraceIds().isEmpty()) {
            out.append("  candidate traces ").append(String.join(", ", c.getCandidateTraceIds())).append(System.lineSeparator());
        }
        if (c.getTraceId() != null) {
            out.append("  trace ").append(c.getTraceId());
            if (c.getOtlpTraceId() != null && !c.getOtlpTraceId().equals(c.getTraceId())) {
                out.append(" (otlp ").append(c.getOtlpTraceId()).append(')');
            }
            TraceSummary s = c.getTraceSummary();
            if (s != null) {
                out.append(String.format("  root %s  %d spans  %d errors  %d ms", s.getRootSpanName(), s.getSpanCount(),
                        s.getErrorSpanCount(), s.getDurationMs() == null ? 0 : s.getDurationMs()));
            }
            if (c.getTraceConflict() != null) {
                out.append("  CONFLICT: the turn's recorded trace is ").append(c.getTraceConflict());
            }
            out.append(System.lineSeparator());
        }
        if (!c.getEvidenceTags().isEmpty()) {
            out.append("  evidence ").append(c.getEvidenceTags().stream().map(ComplaintPrinter::tag)
                    .collect(Collectors.joining("  "))).append(System.lineSeparator());
        }
        if (c.getComplaintText() != null) {
            out.append("  \"").append(c.getComplaintText()).append('"').append(System.lineSeparator());
        }
        return out.toString();
    }

    private static String tag(EvidenceTag t) {
        return t.getKey() + "=" + t.getValue() + (t.getSpanName() == null ? " (ui)" : " (" + t.getSpanName() + ")");
    }
}
