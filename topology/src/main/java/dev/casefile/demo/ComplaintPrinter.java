package dev.casefile.demo;

import dev.casefile.schema.AlertBaseline;
import dev.casefile.schema.EvidenceTag;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.RateAlert;
import dev.casefile.schema.RateAlertKey;
import dev.casefile.schema.TraceSummary;
import java.util.Locale;
import java.util.stream.Collectors;

/** Renders a linked complaint for a person reading a terminal. */
public final class ComplaintPrinter {

    private ComplaintPrinter() {
    }

    /** A rollout alert as it opens or changes, or its withdrawal ({@code alert} null). */
    public static String format(RateAlertKey key, RateAlert alert) {
        if (alert == null) {
            return String.format(">>> Rollout alert withdrawn: %s=%s%n", key.getTagKey(), key.getTagValue());
        }
        return String.format(Locale.ROOT, ">>> Rollout alert: %s=%s draws complaints on %.1f%% (95%% %.1f-%.1f%%) of %d answers, "
                        + "against %.1f%% (%.1f-%.1f%%) of %d for %s %s (one-sided z-test z=%.2f, p=%.1e)%n",
                alert.getTagKey(), alert.getTagValue(), 100 * alert.getRate(), 100 * alert.getRateLow(), 100 * alert.getRateHigh(),
                alert.getInteractions(), 100 * alert.getBaselineRate(), 100 * alert.getBaselineRateLow(),
                100 * alert.getBaselineRateHigh(), alert.getBaselineInteractions(), String.join(", ", alert.getBaselineValues()),
                alert.getBaseline() == AlertBaseline.SAME_HOURS ? "over the same hours" : "over the day before",
                alert.getZ(), alert.getPValue());
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
