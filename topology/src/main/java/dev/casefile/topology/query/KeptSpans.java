package dev.casefile.topology.query;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Which spans of a trace are kept: the first {@code max} distinct span ids to arrive, each at the
 * version of it that sorts last; further ids are counted as dropped, their ids remembered up to
 * {@link #MAX_DROPPED_IDS} so a replayed one is not counted twice.
 *
 * <p>The trace store applies the rule to span facts as spans arrive; what is read back from the
 * spans topic later is then limited to the span ids the facts name.
 *
 * @param <T> a span, or its facts
 */
public final class KeptSpans<T> {

    /** Dropped span ids remembered per trace; beyond this, dropped spans are counted without de-duplication. */
    public static final int MAX_DROPPED_IDS = 4096;

    /** What adding one span did. */
    public enum Outcome {
        /** A span id not seen before, kept. */
        KEPT,
        /** A newer version of a kept span, which replaced it. */
        REPLACED,
        /** A version of a kept span that sorts the same as the one kept (by what this rule compares). */
        SAME,
        /** An older version of a kept span: nothing changed. */
        OLDER,
        /** A span id beyond the cap, counted as dropped. */
        DROPPED,
        /** A dropped span id seen again: nothing changed. */
        DROPPED_AGAIN;

        /**
         * Whether the record that carried the span is needed to read the kept spans back: a new span, or a newer
         * version. A version that ties with the kept one (a replay, a Collector's retry) is the same span to Casefile;
         * the record located first is the one read back, so a trace's locations stay bounded by its kept spans and
         * their versions.
         */
        public boolean locates() {
            return this == KEPT || this == REPLACED;
        }

        /** Whether the kept spans or the dropped count changed. */
        public boolean changed() {
            return this == KEPT || this == REPLACED || this == DROPPED;
        }
    }

    private final int max;
    private final Function<T, String> idOf;
    private final Comparator<T> versions;
    private final Map<String, T> kept = new LinkedHashMap<>();
    private final List<String> droppedIds;
    private int droppedCount;

    private KeptSpans(int max, Function<T, String> idOf, Comparator<T> versions, Collection<T> kept,
                      List<String> droppedIds, int droppedCount) {
        this.max = max;
        this.idOf = idOf;
        this.versions = versions;
        kept.forEach(span -> this.kept.put(idOf.apply(span), span));
        this.droppedIds = new ArrayList<>(droppedIds);
        this.droppedCount = droppedCount;
    }

    /** The rule over nothing yet. */
    public static <T> KeptSpans<T> empty(int max, Function<T, String> idOf, Comparator<T> versions) {
        return new KeptSpans<>(max, idOf, versions, List.of(), List.of(), 0);
    }

    /** The rule continued from what was kept and dropped so far. */
    public static <T> KeptSpans<T> resume(int max, Function<T, String> idOf, Comparator<T> versions, Collection<T> kept,
                                          List<String> droppedIds, int droppedCount) {
        return new KeptSpans<>(max, idOf, versions, kept, droppedIds, droppedCount);
    }

    /** Adds one span. */
    public Outcome add(T span) {
        String id = idOf.apply(span);
        T known = kept.get(id);
        if (known != null) {
            int order = versions.compare(span, known);
            if (order > 0) {
                kept.put(id, span);
                return Outcome.REPLACED;
            }
            return order == 0 ? Outcome.SAME : Outcome.OLDER;
        }
        if (kept.size() < max) {
            kept.put(id, span);
            return Outcome.KEPT;
        }
        if (droppedIds.contains(id)) {
            return Outcome.DROPPED_AGAIN;
        }
        if (droppedIds.size() < MAX_DROPPED_IDS) {
            droppedIds.add(id);
        }
        droppedCount++;
        return Outcome.DROPPED;
    }

    /** The spans kept, sorted by {@code order}. */
    public List<T> kept(Comparator<T> order) {
        List<T> spans = new ArrayList<>(kept.values());
        spans.sort(order);
        return spans;
    }

    public List<String> droppedIds() {
        return List.copyOf(droppedIds);
    }

    public int droppedCount() {
        return droppedCount;
    }
}
