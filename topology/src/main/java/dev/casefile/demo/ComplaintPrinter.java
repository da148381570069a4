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
        out.append(String.format("  workspace %s  session %s  turn %s  feedback %s  labels %s%n", c.getWorkspaceId(),
                c.getSessionId(), c.getTurnId(), String.join(",", c.getFeedbackIds()), String.join(",", c.getLabels())));
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
