package dev.casefile.topology.link;

import dev.casefile.schema.internal.TraceView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A turn's attempts: each trace that served it (a regenerated answer or a retried request gets a
 * trace of its own), kept in start order, then by trace id.
 */
final class Attempts {

    static final Comparator<TraceView> ORDER = Comparator
            .comparing((TraceView t) -> t.getSummary().getStartedAt(), Comparator.nullsFirst(Comparator.<Long>naturalOrder()))
            .thenComparing(TraceView::getTraceId);

    private Attempts() {
    }

    /**
     * {@code attempts} with {@code view} in place of the view of the same trace, or added; empty when it changes
     * nothing (the same view, or one rebuilt from fewer spans: a replay after the trace store let the trace go).
     */
    static Optional<List<TraceView>> upsert(List<TraceView> attempts, TraceView view) {
        List<TraceView> next = new ArrayList<>(attempts.size() + 1);
        for (TraceView attempt : attempts) {
            if (attempt.getTraceId().equals(view.getTraceId())) {
                if (attempt.equals(view) || view.getSummary().getSpanCount() < attempt.getSummary().getSpanCount()) {
                    return Optional.empty();
                }
            } else {
                next.add(attempt);
            }
        }
        next.add(view);
        next.sort(ORDER);
        return Optional.of(next);
    }

    /** The attempt a captured id names: by its OTLP id (any case) or one of its aliases. */
    static Optional<TraceView> naming(List<TraceView> attempts, String id) {
        return attempts.stream().filter(t -> t.getTraceId().equalsIgnoreCase(id) || t.getAliases().contains(id)).findFirst();
    }

    /**
     * The answer the user saw last when they reported it: the latest attempt started by {@code reportedAt}. If every
     * attempt started later (the product's clock and the tracer's disagree), the earliest, which is nearest.
     */
    static Optional<TraceView> seenAt(List<TraceView> attempts, Instant reportedAt) {
        TraceView seen = attempts.isEmpty() ? null : attempts.get(0);
        for (TraceView attempt : attempts) {
            Long started = attempt.getSummary().getStartedAt();
            if (started == null || started <= reportedAt.toEpochMilli()) {
                seen = attempt;
            }
        }
        return Optional.ofNullable(seen);
    }

    /** The OTLP ids of every attempt but {@code shown}, in start order. */
    static List<String> others(List<TraceView> attempts, TraceView shown) {
        return attempts.stream().filter(t -> shown == null || !t.getTraceId().equals(shown.getTraceId()))
                .map(TraceView::getTraceId).toList();
    }
}
