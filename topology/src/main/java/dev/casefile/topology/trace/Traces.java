package dev.casefile.topology.trace;

import dev.casefile.config.SpanMapping;
import dev.casefile.schema.EvidenceTag;
import dev.casefile.schema.SpanRecord;
import dev.casefile.schema.SpanStatus;
import dev.casefile.schema.TurnKey;
import dev.casefile.schema.internal.MappedValue;
import dev.casefile.schema.internal.SpanFact;
import dev.casefile.schema.internal.SpanLocation;
import dev.casefile.schema.internal.TraceDigest;
import dev.casefile.schema.internal.TraceFragment;
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
 * Pure functions over a trace as the trace store keeps it: its mapped values, the facts of its kept
 * spans and where on the spans topic those spans are. Everything is read in (start, span id) order,
 * never arrival order, so a trace looks the same whatever order its spans came in.
 */
final class Traces {

    private static final Comparator<String> TEXT = Comparator.nullsFirst(Comparator.naturalOrder());

    /** The leading part of {@code Versions.SPAN}: a fact is newer exactly when its span's leading fields are. */
    static final Comparator<SpanFact> FACT_VERSIONS = Comparator.comparingLong(SpanFact::getEndMicros)
            .thenComparing(SpanFact::getStatus)
            .thenComparing(SpanFact::getStatusMessage, TEXT)
            .thenComparing(SpanFact::getName, TEXT)
            .thenComparing(SpanFact::getParentSpanId, TEXT)
            .thenComparingLong(SpanFact::getStartMicros);

    static final Comparator<SpanFact> FACT_ORDER =
            Comparator.comparingLong(SpanFact::getStartMicros).thenComparing(SpanFact::getSpanId);

    private static final Comparator<MappedValue> MAPPED_ORDER =
            Comparator.comparingLong(MappedValue::getSpanStartMicros).thenComparing(MappedValue::getSpanId);

    private Traces() {
    }

    static TraceState empty(String traceId, long atMs) {
        return TraceState.newBuilder().setTraceId(traceId).setMapped(new HashMap<>()).setFacts(new ArrayList<>())
                .setLocations(new ArrayList<>()).setDroppedSpanIds(new ArrayList<>()).setLastEventAt(atMs).build();
    }

    /** What adding a fragment did: whether the trace changed, and the spans it kept (new, or a newer or equal version). */
    record Added(boolean changed, List<SpanRecord> kept) {
    }

    /**
     * Adds the fragment's spans not seen before (by span id), keeping at most {@code maxSpans} ({@link KeptSpans}),
     * and notes where the fragment's record is if it carried a kept span.
     */
    static Added addSpans(TraceState state, TraceFragment fragment, int maxSpans, SpanMapping mapping) {
        boolean mappedChanged = false;
        Set<String> mappedKeys = mapping.mappedKeys();
        for (SpanRecord span : fragment.getSpans()) {
            mappedChanged |= readMapped(state, span, mappedKeys);
        }
        KeptSpans facts = new KeptSpans(maxSpans, state.getFacts(), state.getDroppedSpanIds(), state.getDroppedSpanCount());
        boolean changed = false;
        List<SpanRecord> kept = new ArrayList<>();
        for (SpanRecord span : fragment.getSpans()) {
            KeptSpans.Outcome outcome = facts.add(fact(span));
            changed |= outcome.changed();
            if (outcome.locates()) {
                kept.add(span);
            }
        }
        if (changed) {
            state.setFacts(facts.kept());
            state.setDroppedSpanIds(facts.droppedIds());
            state.setDroppedSpanCount(facts.droppedCount());
        }
        boolean located = !kept.isEmpty() && locate(state, fragment);
        return new Added(changed || mappedChanged || located, kept);
    }

    /** Notes the fragment's record among the trace's locations, once; false if it was noted already or is not known. */
    private static boolean locate(TraceState state, TraceFragment fragment) {
        if (fragment.getSourcePartition() < 0 || fragment.getSourceOffset() < 0) {
            return false;
        }
        SpanLocation location = new SpanLocation(fragment.getSourcePartition(), fragment.getSourceOffset());
        if (state.getLocations().contains(location)) {
            return false;
        }
        List<SpanLocation> locations = new ArrayList<>(state.getLocations());
        locations.add(location);
        state.setLocations(locations);
        return true;
    }

    static SpanFact fact(SpanRecord span) {
        return new SpanFact(span.getSpanId(), span.getParentSpanId(), span.getName(), span.getStatus(),
                span.getStatusMessage(), micros(span.getStartAt()), micros(span.getEndAt()));
    }

    private static long micros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
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
            MappedValue candidate = new MappedValue(value, span.getSpanId(), span.getName(), micros(span.getStartAt()));
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

    /** The summary, read from the kept spans' facts (in start order). */
    static TraceDigest summary(TraceState state) {
        List<SpanFact> facts = state.getFacts();
        List<String> errors = facts.stream().filter(s -> s.getStatus() == SpanStatus.ERROR).map(SpanFact::getName).toList();
        Optional<Long> startMs = facts.stream().map(f -> Math.floorDiv(f.getStartMicros(), 1_000L)).min(Comparator.naturalOrder());
        Optional<Long> endMs = facts.stream().map(f -> Math.floorDiv(f.getEndMicros(), 1_000L)).max(Comparator.naturalOrder());
        return TraceDigest.newBuilder()
                .setRootSpanName(facts.stream().filter(s -> s.getParentSpanId() == null).findFirst()
                        .map(SpanFact::getName).orElse(null))
                .setSpanCount(facts.size())
                .setDroppedSpanCount(state.getDroppedSpanCount())
                .setErrorSpanCount(errors.size())
                .setErrorSpans(new ArrayList<>(errors))
                .setStartedAt(startMs.orElse(null))
                .setDurationMs(startMs.isPresent() ? endMs.get() - startMs.get() : null)
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
