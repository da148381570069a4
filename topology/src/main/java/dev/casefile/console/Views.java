package dev.casefile.console;

import dev.casefile.config.TraceLink;
import dev.casefile.schema.EvidenceTag;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.RateAlert;
import dev.casefile.schema.SpanRecord;
import dev.casefile.schema.TraceSummary;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The console's JSON shapes, as records (Gson writes their components in snake case). */
final class Views {

    private Views() {
    }

    /** One evidence tag and the span it came from. */
    record Tag(String key, String value, String spanName, String spanId) {
        static Tag of(EvidenceTag t) {
            return new Tag(t.getKey(), t.getValue(), t.getSpanName(), t.getSpanId());
        }
    }

    /** The trace summary a complaint carries. */
    record Summary(String rootSpanName, int spanCount, int droppedSpanCount, int errorSpanCount, List<String> errorSpans,
                   String startedAt, Long durationMs) {
        static Summary of(TraceSummary s) {
            return s == null ? null : new Summary(s.getRootSpanName(), s.getSpanCount(), s.getDroppedSpanCount(),
                    s.getErrorSpanCount(), List.copyOf(s.getErrorSpans()), iso(s.getStartedAt()), s.getDurationMs());
        }
    }

    /** A complaint slip: a {@code LinkedComplaint} as JSON. */
    record Complaint(String complaintId, String status, String linkMethod, String workspaceId, String sessionId,
                     String turnId, String traceId, String otlpTraceId, String spanId, String traceConflict,
                     List<String> candidateTraceIds, List<String> attemptTraceIds, List<String> ticketIds, Map<String, String> ticketStatus,
                     List<String> feedbackIds, List<String> labels, String complaintText, List<Tag> evidenceTags,
                     Map<String, String> businessKeys, String interactionAt, String firstReportedAt, String linkedAt,
                     Summary traceSummary, long revision, String traceLink) {
        /** The slip, with {@code traceLink}: where its trace opens in the team's own trace backend, if anywhere. */
        static Complaint of(LinkedComplaint c, TraceLink link) {
            String otlp = c.getOtlpTraceId() != null ? c.getOtlpTraceId() : c.getTraceId();
            return new Complaint(c.getComplaintId(), c.getStatus().name(), c.getLinkMethod().name(), c.getWorkspaceId(),
                    c.getSessionId(), c.getTurnId(), c.getTraceId(), c.getOtlpTraceId(), c.getSpanId(), c.getTraceConflict(),
                    List.copyOf(c.getCandidateTraceIds()), List.copyOf(c.getAttemptTraceIds()), List.copyOf(c.getTicketIds()), new TreeMap<>(c.getTicketStatus()),
                    List.copyOf(c.getFeedbackIds()), List.copyOf(c.getLabels()), c.getComplaintText(),
                    c.getEvidenceTags().stream().map(Tag::of).toList(), new TreeMap<>(c.getBusinessKeys()),
                    iso(c.getInteractionAt()), iso(c.getFirstReportedAt()), iso(c.getLinkedAt()),
                    Summary.of(c.getTraceSummary()), c.getRevision(), link.to(otlp).orElse(null));
        }
    }

    /** An index hit: the complaint and its position in newest-first order. */
    record Hit(String sortKey, Complaint complaint) {
    }

    /** One page of complaints, newest first; {@code nextCursor} is null on the last page. */
    record Page(String kind, String value, List<Complaint> items, String nextCursor) {
    }

    /** What the search box found: one page per kind of identifier that matched. */
    record SearchResult(String query, String interpretedAs, List<Page> matches) {
    }

    /** A span as kept in the trace store, with the user's message and the model's answer it recorded, if any. */
    record Span(String spanId, String parentSpanId, String name, String status, String statusMessage, long startMicros,
                long endMicros, Map<String, String> attributes, String inputText, String outputText) {
        static Span of(SpanRecord s) {
            return new Span(s.getSpanId(), s.getParentSpanId(), s.getName(), s.getStatus().name(), s.getStatusMessage(),
                    s.getStartAt().getEpochSecond() * 1_000_000 + s.getStartAt().getNano() / 1_000,
                    s.getEndAt().getEpochSecond() * 1_000_000 + s.getEndAt().getNano() / 1_000,
                    new TreeMap<>(s.getAttributes()), s.getInputText(), s.getOutputText());
        }
    }

    /** What the user asked and what the assistant answered in the trace, and the spans that recorded each. */
    record Conversation(String input, String inputSpanId, String answer, String answerSpanId) {
    }

    /** A trace's spans as the owning instance holds them. */
    record TraceSpans(String otlpTraceId, List<Span> spans, int droppedSpanCount, int missingRecords) {
        TraceSpans(String otlpTraceId, List<Span> spans, int droppedSpanCount) {
            this(otlpTraceId, spans, droppedSpanCount, 0);
        }

        /** The trace is held, but the records its spans were in are no longer on the spans topic. */
        boolean gone() {
            return spans.isEmpty() && missingRecords > 0;
        }
    }

    /** A node of the span tree, children in start order; {@code reacted}: a complaint's feedback named this span. */
    record SpanNode(String spanId, String name, String status, String statusMessage, double startOffsetMs,
                    double durationMs, List<Tag> evidence, Map<String, String> attributes, boolean suspect,
                    boolean reacted, List<SpanNode> children) {
    }

    /** Why a span is the suspect. */
    record Suspect(String spanId, String spanName, String reason, String tag) {
    }

    /** How many other complaints share one of the trace's evidence tag values, and what it is. */
    record SharedTag(String key, String value, String spanName, String spanId, long otherComplaints, Double rate, Double keyRate) {
    }

    /** The case file of a trace. */
    record CaseFile(String otlpTraceId, List<String> traceIds, String status, String startedAt, Long durationMs,
                    int spanCount, int droppedSpanCount, boolean spansRetained, Conversation conversation,
                    String traceLink, List<SpanNode> roots, List<Tag> evidenceTags, List<SharedTag> sharedTags,
                    Suspect suspect, List<Complaint> complaints) {
    }

    /** One complaint-linked trace sharing the tag value. */
    record SimilarTrace(String otlpTraceId, String traceId, String complaintId, String workspaceId, String status,
                        String firstReportedAt, List<String> labels) {
    }

    /** Complaint-linked traces sharing one evidence tag value. */
    record Similar(String tag, long complaints, long traces, List<SimilarTrace> items, String nextCursor) {
    }

    /**
     * Complaints under one index prefix, and how many distinct traces they are linked to. A trace has one
     * turn and so one linked complaint, which lives on one partition: counts from instances add up.
     */
    record Count(long complaints, long linkedTraces) {
        Count plus(Count other) {
            return new Count(complaints + other.complaints, linkedTraces + other.linkedTraces);
        }
    }

    /** One tag value's rate in one window. */
    record RatePoint(String tagValue, String windowStart, String windowEnd, long complaints, long interactions, double rate,
                     boolean isFinal) {
    }

    /** Complaint rates of one tag key over a time range. */
    record Rates(String tagKey, long windowSizeMs, String from, String to, List<RatePoint> points) {
    }

    /** A span of the tree in brief, for an exported case: its depth in the tree and what it did. */
    record BriefSpan(int depth, String name, String status, double durationMs, boolean suspect, boolean reacted) {
    }

    /** One line of a labeling export: the complaint, the turn's question and answer, its evidence and span tree. */
    record ExportCase(String complaintId, String status, String linkMethod, String workspaceId, String sessionId,
                      String turnId, String firstReportedAt, String interactionAt, String complaintText, List<String> labels,
                      List<String> ticketIds, List<String> feedbackIds, String traceId, String otlpTraceId, String spanId,
                      List<String> attemptTraceIds, String input, String answer, List<Tag> evidenceTags,
                      List<BriefSpan> spans, String stratum) {
    }

    /** An open rollout alert ({@code RateAlert} on complaint-rate-alerts), times as ISO-8601. */
    record Alert(String tagKey, String tagValue, String firstWindowStart, String lastWindowEnd, long windowSizeMs,
                 long complaints, long interactions, double rate, double rateLow, double rateHigh, String baseline,
                 List<String> baselineValues, long baselineComplaints, long baselineInteractions, double baselineRate,
                 double baselineRateLow, double baselineRateHigh, double z, double pValue) {
        static Alert of(RateAlert a) {
            return new Alert(a.getTagKey(), a.getTagValue(), iso(a.getFirstWindowStart()), iso(a.getLastWindowEnd()),
                    a.getWindowSizeMs(), a.getComplaints(), a.getInteractions(), a.getRate(), a.getRateLow(), a.getRateHigh(),
                    a.getBaseline().name(), List.copyOf(a.getBaselineValues()), a.getBaselineComplaints(),
                    a.getBaselineInteractions(), a.getBaselineRate(), a.getBaselineRateLow(), a.getBaselineRateHigh(), a.getZ(),
                    a.getPValue());
        }
    }

    /** The open rollout alerts, most significant first. */
    record Alerts(List<Alert> alerts) {
    }

    /** An error body. */
    record Error(int status, String error) {
    }

    static String iso(Instant at) {
        return at == null ? null : at.toString();
    }
}
