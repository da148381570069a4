package dev.casefile.topology.trace;

import dev.casefile.config.SpanMapping;
import dev.casefile.contract.Versions;
import dev.casefile.schema.EvidenceTag;
import dev.casefile.schema.SpanRecord;
import dev.casefile.schema.SpanStatus;
import dev.casefile.schema.TraceSummary;
import dev.casefile.schema.TurnKey;
import dev.casefile.schema.internal.MappedValue;
import dev.casefile.schema.internal.TraceState;
import dev.casefile.schema.internal.TraceView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    private static final Comparator<MappedValue> MAPPED_ORDER =
            Comparator.comparing(MappedValue::getSpanStart).thenComparing(MappedValue::getSpanId);

    private Traces() {
    }

    static TraceState empty(String traceId, Instant at) {
        return TraceState.newBuilder().setTraceId(traceId).setMapped(new HashMap<>()).setSpans(new ArrayList<>())
                .setDroppedSpanIds(new ArrayList<>()).setLastEventAt(at).build();
    }

    /**
     * Adds spans not seen before (by span id), keeping at most {@code maxSpans}; a span id seen twice
     * keeps the version that sorts last, so any arrival order keeps the same one. True if anything changed.
     */
    static boolean addSpans(TraceState state, List<SpanRecord> incoming, int maxSpans, SpanMapping mapping) {
        boolean mappedChanged = false;
        Set<String> mappedKeys = mapping.mappedKeys();
        for (SpanRecord span : incoming) {
            mappedChanged |= readMapped(state, span, mappedKeys);
        }
        Map<String, SpanRecord> byId = new LinkedHashMap<>();
        state.getSpans().forEach(s -> byId.put(s.getSpanId(), s));
        List<String> droppedIds = new ArrayList<>(state.getDroppedSpanIds());
        int dropped = state.getDroppedSpanCount();
        boolean changed = false;
        for (SpanRecord span : incoming) {
            SpanRecord known = byId.get(span.getSpanId());
            if (known != null) {
                if (Versions.replaces(span, known)) {
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
        return changed || mappedChanged;
    }

    /** Keeps, per mapped attribute key, the value of the earliest span that has it (kept by the cap or not). */
    private static boolean readMapped(TraceState state, SpanRecord span, Set<String> mappedKeys) {
        boolean changed = false;
        for (String key : mappedKeys) {
            String value = span.getAttributes().get(key);
            if (value == null || value.isBlank()) {
                continue;
            }
            MappedValue known = state.getMapped().get(key);
            MappedValue candidate = new MappedValue(value, span.getSpanId(), span.getName(), span.getStartAt());
            if (known == null || MAPPED_ORDER.compare(candidate, known) < 0) {
                state.getMapped().put(key, candidate);
                changed = true;
            }
        }
        return changed;
    }

    /** The turn the trace served, once its spans named workspace, session and turn. */
    static Optional<TurnKey> turn(TraceState state, SpanMapping mapping) {
        Optional<String> workspace = firstValue(state, mapping.workspaceKeys());
        Optional<String> session = firstValue(state, mapping.sessionKeys());
        Optional<String> turn = firstValue(state, mapping.turnKeys());
        if (workspace.isEmpty() || session.isEmpty() || turn.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TurnKey(workspace.get(), session.get(), turn.get()));
    }

    /** What the turn needs to know of the trace. */
    static TraceView view(TraceState state, TurnKey turn, SpanMapping mapping) {
        List<EvidenceTag> tags = new ArrayList<>();
        for (String key : new TreeSet<>(mapping.evidenceTagKeys())) {
            MappedValue tag = state.getMapped().get(key);
            if (tag != null) {
                tags.add(new EvidenceTag(key, tag.getValue(), tag.getSpanName(), tag.getSpanId()));
            }
        }
        Map<String, String> businessKeys = new LinkedHashMap<>();
        for (String key : mapping.businessKeyKeys()) {
            firstValue(state, List.of(key)).ifPresent(v -> businessKeys.put(key, v));
        }
        TreeSet<String> aliases = new TreeSet<>();
        mapping.traceAliasKeys().forEach(key -> firstValue(state, List.of(key)).ifPresent(aliases::add));
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

    /** The value of the first of {@code keys} (in priority order) that any span of the trace had. */
    private static Optional<String> firstValue(TraceState state, List<String> keys) {
        for (String key : keys) {
            MappedValue value = state.getMapped().get(key);
            if (value != null) {
                return Optional.of(value.getValue());
            }
        }
        return Optional.empty();
    }
}
