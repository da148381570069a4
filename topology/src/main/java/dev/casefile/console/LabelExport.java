package dev.casefile.console;

import dev.casefile.config.TraceLink;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A labeling set from real complaints: the complaints an {@link ExportRequest} selects, all of them
 * or a seeded sample stratified by a tag key, each as one JSON line with the complaint, the turn's
 * question and answer, the evidence tags, the span tree in brief and the trace ids.
 *
 * <p>A case holds no business keys, and email addresses in the complaint text, the question or the
 * answer are replaced by {@code [email]}: a labeling set travels further than the console does.
 */
final class LabelExport {

    /** The cases, in stratum then complaint-id order, and how many each stratum got. */
    record Result(List<Views.ExportCase> cases, Map<String, Integer> strata) {
    }

    /** The stratum of a complaint without the tag key. */
    static final String NO_VALUE = "(none)";
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
    private static final TraceLink NO_LINK = new TraceLink("");

    private LabelExport() {
    }

    /** The export of {@code candidates} (already filtered); {@code spans} gives a trace's spans by OTLP id, if held. */
    static Result build(ExportRequest request, List<Views.Complaint> candidates,
                        Function<String, Optional<Views.TraceSpans>> spans) {
        Function<Views.Complaint, String> stratum = c -> stratum(c, request.stratifyBy());
        List<Views.Complaint> chosen;
        if (request.sample() != null) {
            chosen = Sampling.sample(candidates, stratum, Views.Complaint::complaintId, request.sample(),
                    request.allocation(), request.seed());
        } else if (candidates.size() > ExportRequest.MAX_CASES) {
            throw ApiException.badRequest(candidates.size() + " complaints match, more than " + ExportRequest.MAX_CASES
                    + " in one export: narrow the filter, or sample");
        } else {
            chosen = candidates;
        }
        List<Views.Complaint> ordered = new ArrayList<>(chosen);
        ordered.sort(Comparator.comparing(stratum).thenComparing(Views.Complaint::complaintId));
        List<Views.ExportCase> cases = new ArrayList<>();
        Map<String, Integer> strata = new TreeMap<>();
        for (Views.Complaint complaint : ordered) {
            String s = request.stratifyBy() == null ? null : stratum.apply(complaint);
            cases.add(of(complaint, complaint.otlpTraceId() == null ? Optional.empty() : spans.apply(complaint.otlpTraceId()), s));
            strata.merge(s == null ? "all" : s, 1, Integer::sum);
        }
        return new Result(cases, strata);
    }

    static String stratum(Views.Complaint complaint, String tagKey) {
        if (tagKey == null) {
            return "";
        }
        return complaint.evidenceTags().stream().filter(t -> t.key().equals(tagKey)).map(Views.Tag::value).findFirst()
                .orElse(NO_VALUE);
    }

    private static Views.ExportCase of(Views.Complaint c, Optional<Views.TraceSpans> spans, String stratum) {
        Views.CaseFile file = CaseFiles.build(c.otlpTraceId() == null ? c.traceId() : c.otlpTraceId(), spans,
                c.evidenceTags(), List.of(), List.of(c), NO_LINK);
        Views.Conversation said = file.conversation();
        List<Views.BriefSpan> brief = new ArrayList<>();
        file.roots().forEach(root -> flatten(root, 0, brief));
        return new Views.ExportCase(c.complaintId(), c.status(), c.linkMethod(), c.workspaceId(), c.sessionId(), c.turnId(),
                c.firstReportedAt(), c.interactionAt(), redact(c.complaintText()), c.labels(), c.ticketIds(), c.feedbackIds(),
                c.traceId(), c.otlpTraceId(), c.spanId(), c.attemptTraceIds(), said == null ? null : redact(said.input()),
                said == null ? null : redact(said.answer()), c.evidenceTags(), brief, stratum);
    }

    private static void flatten(Views.SpanNode node, int depth, List<Views.BriefSpan> into) {
        into.add(new Views.BriefSpan(depth, node.name(), node.status(), node.durationMs(), node.suspect(), node.reacted()));
        node.children().forEach(child -> flatten(child, depth + 1, into));
    }

    /** {@code text} with every email address replaced by {@code [email]}. */
    static String redact(String text) {
        return text == null ? null : EMAIL.matcher(text).replaceAll("[email]");
    }
}
