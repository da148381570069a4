package dev.casefile.topology;

import dev.casefile.config.SpanMapping;
import dev.casefile.schema.EvidenceTag;
import dev.casefile.schema.SpanRecord;
import dev.casefile.schema.SpanStatus;
import dev.casefile.schema.TraceSummary;
import dev.casefile.schema.TurnKey;
import dev.casefile.schema.internal.TraceState;
import dev.casefile.schema.internal.TraceView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Pure functions over an assembled trace. Everything is read from the spans in (start, span id)
 * order, never arrival order, so a trace looks the same whatever order its spans came in.
 */
final class Traces {

    /** Dropped span ids remembered per trace; beyond this, dropped spans are counted without de-duplication. */
    static final int MAX_DROPPED_IDS = 4096;

    static final Comparator<SpanRecord> SPAN_ORDER =
            Comparator.comparing(SpanRecord::getStartAt).thenComparing(SpanRecord::getSpanId);

    /** Which of two versions of one span to keep: the later-ending one, ties broken by content. */
    private static final Comparator<SpanRecord> SPAN_VERSION =
            Comparator.comparing(SpanRecord::getEndAt).thenComparing(SpanRecord::toString);

    private Traces() {
    }

    static TraceState empty(String traceId, Instant at) {
        return TraceState.newBuilder().setTraceId(traceId).setSpans(new ArrayList<>())
                .setDroppedSpanIds(new ArrayList<>()).setPendingFeedback(new ArrayList<>()).setLastEventAt(at).build();
    }

    /**
     * Adds spans not seen before (by span id), keeping at most {@code maxSpans}; a span id seen twice
     * keeps the version that sorts last, so any arrival order keeps the same one. True if anything changed.
     */
    static boolean addSpans(TraceState state, List<SpanRecord> incoming, int maxSpans) {
        Map<String, SpanRecord> byId = new LinkedHashMap<>();
        state.getSpans().forEach(s -> byId.put(s.getSpanId(), s));
        List<String> droppedIds = new ArrayList<>(state.getDroppedSpanIds());
        int dropped = state.getDroppedSpanCount();
        boolean changed = false;
        for (SpanRecord span : incoming) {
            SpanRecord known = byId.get(span.getSpanId());
            if (known != null) {
                if (SPAN_VERSION.compare(span, known) > 0) {
                    byId.put(span.getSpanId(), span);
                    changed = true;
                }
            } else if (byId.size() < maxSpans) {
                byId.put(span.getSpanId(), span);
                changed = true;
            } else if (!droppedIds.contains(span.getSpanId())) {
                if (droppedIds.size() < MAX_DROPPED_IDS) {
                    droppedIds.add(span.getSpanId());
                }
                dropped++;
                changed = true;
            }
        }
        if (changed) {
            List<SpanRecord> spans = new ArrayList<>(byId.values());
            spans.sort(SPAN_ORDER);
            state.setSpans(spans);
            state.setDroppedSpanIds(droppedIds);
            state.setDroppedSpanCount(dropped);
        }
        return changed;
    }

    /** The turn the trace served, once its spans named workspace, session and turn. */
    static Optional<TurnKey> turn(TraceState state, SpanMapping mapping) {
        Optional<String> workspace = firstValue(state.getSpans(), mapping.workspaceKeys());
        Optional<String> session = firstValue(state.getSpans(), mapping.sessionKeys());
        Optional<String> turn = firstValue(state.getSpans(), mapping.turnKeys());
        if (workspace.isEmpty() || session.isEmpty() || turn.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TurnKey(workspace.get(), session.get(), turn.get()));
    }

    /** What the turn needs to know of the trace. */
    static TraceView view(TraceState state, TurnKey turn, SpanMapping mapping) {
        List<SpanRecord> spans = state.getSpans();
        List<EvidenceTag> tags = new ArrayList<>();
        for (String key : new TreeSet<>(mapping.evidenceTagKeys())) {
            spans.stream().filter(s -> s.getAttributes().containsKey(key)).findFirst()
                    .ifPresent(s -> tags.add(new EvidenceTag(key, s.getAttributes().get(key), s.getName(), s.getSpanId())));
        }
        Map<String, String> businessKeys = new LinkedHashMap<>();
        for (String key : mapping.businessKeyKeys()) {
            firstValue(spans, List.of(key)).ifPresent(v -> businessKeys.put(key, v));
        }
        TreeSet<String> aliases = new TreeSet<>();
        for (SpanRecord span : spans) {
            mapping.traceAliasKeys().stream().map(span.getAttributes()::get).filter(v -> v != null && !v.isBlank())
                    .forEach(aliases::add);
        }
        return TraceView.newBuilder()
                .setTraceId(state.getTraceId())
                .setAliases(new ArrayList<>(aliases))
                .setTurn(turn)
                .setSummary(summary(state))
                .setEvidenceTags(tags)
                .setBusinessKeys(businessKeys)
                .build();
    }

    static TraceSummary summary(TraceState state) {
        List<SpanRecord> spans = state.getSpans();
        List<String> errors = spans.stream().filter(s -> s.getStatus() == SpanStatus.ERROR).map(SpanRecord::getName).toList();
        Optional<Instant> start = spans.stream().map(SpanRecord::getStartAt).min(Comparator.naturalOrder());
        Optional<Instant> end = spans.stream().map(SpanRecord::getEndAt).max(Comparator.naturalOrder());
        return TraceSummary.newBuilder()
                .setRootSpanName(spans.stream().filter(s -> s.getParentSpanId() == null).findFirst()
                        .map(SpanRecord::getName).orElse(null))
                .setSpanCount(spans.size())
                .setDroppedSpanCount(state.getDroppedSpanCount())
                .setErrorSpanCount(errors.size())
                .setErrorSpans(new ArrayList<>(errors))
                .setStartedAt(start.map(i -> Instant.ofEpochMilli(i.toEpochMilli())).orElse(null))
                .setDurationMs(start.isPresent() ? end.get().toEpochMilli() - start.get().toEpochMilli() : null)
                .build();
    }

    private static Optional<String> firstValue(List<SpanRecord> spans, List<String> keys) {
        for (String key : keys) {
            for (SpanRecord span : spans) {
                String value = span.getAttributes().get(key);
                if (value != null && !value.isBlank()) {
                    return Optional.of(value);
                }
            }
        }
        return Optional.empty();
    }
}
