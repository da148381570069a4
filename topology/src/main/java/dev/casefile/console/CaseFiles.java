package dev.casefile.console;

import dev.casefile.config.TraceLink;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The case file of a trace, a pure function of its spans, its evidence tags and what other
 * complaints share: the span tree (parent and child), the trace's status and duration, the
 * suspect span, the spans the user reacted to (those a complaint's feedback named), what the user
 * asked and what the assistant answered, and the link to the trace in the team's own backend.
 *
 * <p>The suspect is the earliest span with error status; failing that, the span that gave the
 * evidence tag value which stands out among complaints: the highest lift (the value's complaint
 * rate over its tag key's, in the day of the interaction) among values other complaints share,
 * then the most shared. Without rates, the most shared value.
 */
final class CaseFiles {

    private static final Comparator<Views.Span> START_ORDER =
            Comparator.comparingLong(Views.Span::startMicros).thenComparing(Views.Span::spanId);

    private CaseFiles() {
    }

    static Views.CaseFile build(String otlpTraceId, Optional<Views.TraceSpans> trace, List<Views.Tag> evidenceTags,
                                List<Views.SharedTag> shared, List<Views.Complaint> complaints, TraceLink link) {
        List<Views.Span> spans = new ArrayList<>(trace.map(Views.TraceSpans::spans).orElse(List.of()));
        spans.sort(START_ORDER);
        Optional<Views.Suspect> suspect = suspect(spans, shared);
        String suspectId = suspect.map(Views.Suspect::spanId).orElse(null);
        Set<String> reacted = new HashSet<>();
        complaints.stream().map(Views.Complaint::spanId).filter(id -> id != null).forEach(reacted::add);
        List<Views.SpanNode> roots = tree(spans, new Marks(evidenceTags, suspectId, reacted));

        Views.Summary summary = complaints.stream().map(Views.Complaint::traceSummary).filter(s -> s != null)
                .findFirst().orElse(null);
        boolean error = spans.stream().anyMatch(s -> "ERROR".equals(s.status()))
                || (summary != null && summary.errorSpanCount() > 0);
        long start = spans.stream().mapToLong(Views.Span::startMicros).min().orElse(0);
        long end = spans.stream().mapToLong(Views.Span::endMicros).max().orElse(0);
        Long durationMs = spans.isEmpty() ? (summary == null ? null : summary.durationMs()) : Long.valueOf((end - start) / 1000);
        String startedAt = spans.isEmpty() ? (summary == null ? null : summary.startedAt())
                : java.time.Instant.EPOCH.plusNanos(start * 1000).toString();

        Set<String> ids = new java.util.TreeSet<>();
        ids.add(otlpTraceId);
        complaints.forEach(c -> {
            if (c.traceId() != null) {
                ids.add(c.traceId());
            }
        });
        return new Views.CaseFile(otlpTraceId, List.copyOf(ids), error ? "error" : "ok", startedAt, durationMs,
                spans.isEmpty() && summary != null ? summary.spanCount() : spans.size(),
                trace.map(Views.TraceSpans::droppedSpanCount).orElse(summary == null ? 0 : summary.droppedSpanCount()),
                trace.isPresent(), conversation(spans), link.to(otlpTraceId).orElse(null), roots, evidenceTags, shared,
                suspect.orElse(null), complaints);
    }

    /**
     * The user's message as the earliest span that recorded one has it, and the answer as the span that recorded
     * one and ended last has it: in an agent's trace, the question that started it and the answer it ended with.
     */
    static Views.Conversation conversation(List<Views.Span> spansInStartOrder) {
        Views.Span asked = spansInStartOrder.stream().filter(s -> s.inputText() != null).findFirst().orElse(null);
        Views.Span answered = spansInStartOrder.stream().filter(s -> s.outputText() != null)
                .max(Comparator.comparingLong(Views.Span::endMicros)).orElse(null);
        if (asked == null && answered == null) {
            return null;
        }
        return new Views.Conversation(asked == null ? null : asked.inputText(), asked == null ? null : asked.spanId(),
                answered == null ? null : answered.outputText(), answered == null ? null : answered.spanId());
    }

    static Optional<Views.Suspect> suspect(List<Views.Span> spans, List<Views.SharedTag> shared) {
        Optional<Views.Span> failed = spans.stream().filter(s -> "ERROR".equals(s.status())).min(START_ORDER);
        if (failed.isPresent()) {
            Views.Span span = failed.get();
            String message = span.statusMessage() == null || span.statusMessage().isBlank() ? ""
                    : ": " + span.statusMessage();
            return Optional.of(new Views.Suspect(span.spanId(), span.name(), "error status" + message, null));
        }
        Map<String, Views.Span> byId = new LinkedHashMap<>();
        Map<String, Views.Span> byName = new LinkedHashMap<>();
        spans.forEach(s -> {
            byId.putIfAbsent(s.spanId(), s);
            byName.putIfAbsent(s.name(), s);
        });
        Comparator<Views.SharedTag> standsOut = Comparator.comparingDouble(CaseFiles::lift)
                .thenComparingLong(Views.SharedTag::otherComplaints)
                .thenComparing(Views.SharedTag::key, Comparator.reverseOrder());
        return shared.stream()
                .filter(t -> t.otherComplaints() > 0 && spanOf(t, byId, byName) != null)
                .max(standsOut)
                .map(t -> {
                    Views.Span span = spanOf(t, byId, byName);
                    return new Views.Suspect(span.spanId(), span.name(), reason(t), t.key() + "=" + t.value());
                });
    }

    private static Views.Span spanOf(Views.SharedTag tag, Map<String, Views.Span> byId, Map<String, Views.Span> byName) {
        if (tag.spanId() != null && byId.containsKey(tag.spanId())) {
            return byId.get(tag.spanId());
        }
        return tag.spanName() == null ? null : byName.get(tag.spanName());
    }

    private static double lift(Views.SharedTag tag) {
        if (tag.rate() == null || tag.keyRate() == null || tag.keyRate() <= 0) {
            return 0;
        }
        return tag.rate() / tag.keyRate();
    }

    private static String reason(Views.SharedTag tag) {
        String shared = tag.key() + " = " + tag.value() + " is shared by " + tag.otherComplaints() + " other complaint"
                + (tag.otherComplaints() == 1 ? "" : "s");
        if (tag.rate() == null || tag.keyRate() == null) {
            return shared;
        }
        return shared + String.format(Locale.ROOT, "; complaint rate %.1f%% against %.1f%% for %s overall that day",
                tag.rate() * 100, tag.keyRate() * 100, tag.key());
    }

    /** What the tree marks on its spans: their evidence tags, the suspect, and the spans the user reacted to. */
    private record Marks(List<Views.Tag> evidenceTags, String suspectId, Set<String> reacted) {
    }

    private static List<Views.SpanNode> tree(List<Views.Span> spans, Marks marks) {
        Map<String, Views.Span> byId = new LinkedHashMap<>();
        spans.forEach(s -> byId.putIfAbsent(s.spanId(), s));
        Map<String, List<Views.Span>> children = new LinkedHashMap<>();
        List<Views.Span> roots = new ArrayList<>();
        for (Views.Span span : byId.values()) {
            String parent = span.parentSpanId();
            if (parent == null || parent.isEmpty() || !byId.containsKey(parent) || parent.equals(span.spanId())) {
                roots.add(span);
            } else {
                children.computeIfAbsent(parent, p -> new ArrayList<>()).add(span);
            }
        }
        long traceStart = spans.stream().mapToLong(Views.Span::startMicros).min().orElse(0);
        Set<String> placed = new HashSet<>();
        List<Views.SpanNode> nodes = new ArrayList<>();
        for (Views.Span root : roots) {
            nodes.add(node(root, children, marks, traceStart, placed));
        }
        // Spans whose parents form a cycle are reachable from no root: show them at the top rather than lose them.
        for (Views.Span span : byId.values()) {
            if (!placed.contains(span.spanId())) {
                nodes.add(node(span, children, marks, traceStart, placed));
            }
        }
        return nodes;
    }

    private static Views.SpanNode node(Views.Span span, Map<String, List<Views.Span>> children, Marks marks,
                                       long traceStart, Set<String> placed) {
        placed.add(span.spanId());
        List<Views.SpanNode> kids = new ArrayList<>();
        for (Views.Span child : children.getOrDefault(span.spanId(), List.of())) {
            if (!placed.contains(child.spanId())) {
                kids.add(node(child, children, marks, traceStart, placed));
            }
        }
        List<Views.Tag> evidence = marks.evidenceTags().stream().filter(t -> span.spanId().equals(t.spanId())).toList();
        return new Views.SpanNode(span.spanId(), span.name(), span.status().toLowerCase(Locale.ROOT), span.statusMessage(),
                (span.startMicros() - traceStart) / 1000.0, (span.endMicros() - span.startMicros()) / 1000.0, evidence,
                span.attributes(), span.spanId().equals(marks.suspectId()), marks.reacted().contains(span.spanId()), kids);
    }
}
