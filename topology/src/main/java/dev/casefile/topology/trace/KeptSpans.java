package dev.casefile.topology.trace;

import dev.casefile.schema.internal.SpanFact;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which spans of a trace the trace store keeps, as facts: the first {@code max} distinct span ids
 * to arrive, each at the version that sorts last ({@link Traces#FACT_VERSIONS}); further ids are
 * counted as dropped, their ids remembered up to {@link #MAX_DROPPED_IDS} so a replayed one is not
 * counted twice. What is read back from the spans topic later is limited to the ids kept here.
 */
final class KeptSpans {

    /** Dropped span ids remembered per trace; beyond this, dropped spans are counted without de-duplication. */
    static final int MAX_DROPPED_IDS = 4096;

    /** What adding one span did. */
    enum Outcome {
        /** A span id not seen before, kept. */
        KEPT,
        /** A newer version of a kept span, which replaced it. */
        REPLACED,
        /** A span id beyond the cap, counted as dropped. */
        DROPPED,
        /**
         * Nothing changed: a version of a kept span that does not sort after it (a replay, a Collector's retry: the
         * record located first is the one read back), or a dropped span id seen again.
         */
        UNCHANGED;

        /** Whether the record that carried the span is needed to read the kept spans back: a new span, or a newer version. */
        boolean locates() {
            return this == KEPT || this == REPLACED;
        }

        /** Whether the kept spans or the dropped count changed. */
        boolean changed() {
            return this != UNCHANGED;
        }
    }

    private final int max;
    private final Map<String, SpanFact> kept = new LinkedHashMap<>();
    private final List<String> droppedIds;
    private int droppedCount;

    /** The rule continued from what the trace kept and dropped so far. */
    KeptSpans(int max, List<SpanFact> kept, List<String> droppedIds, int droppedCount) {
        this.max = max;
        kept.forEach(fact -> this.kept.put(fact.getSpanId(), fact));
        this.droppedIds = new ArrayList<>(droppedIds);
        this.droppedCount = droppedCount;
    }

    Outcome add(SpanFact fact) {
        String id = fact.getSpanId();
        SpanFact known = kept.get(id);
        if (known != null) {
            if (Traces.FACT_VERSIONS.compare(fact, known) > 0) {
                kept.put(id, fact);
                return Outcome.REPLACED;
            }
            return Outcome.UNCHANGED;
        }
        if (kept.size() < max) {
            kept.put(id, fact);
            return Outcome.KEPT;
        }
        if (droppedIds.contains(id)) {
            return Outcome.UNCHANGED;
        }
        if (droppedIds.size() < MAX_DROPPED_IDS) {
            droppedIds.add(id);
        }
        droppedCount++;
        return Outcome.DROPPED;
    }

    /** The facts kept, in start order. */
    List<SpanFact> kept() {
        List<SpanFact> facts = new ArrayList<>(kept.values());
        facts.sort(Traces.FACT_ORDER);
        return facts;
    }

    List<String> droppedIds() {
        return List.copyOf(droppedIds);
    }

    int droppedCount() {
        return droppedCount;
    }
}
