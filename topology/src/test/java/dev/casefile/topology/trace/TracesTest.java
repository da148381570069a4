package dev.casefile.topology.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.casefile.config.SpanMapping;
import dev.casefile.schema.SpanRecord;
import dev.casefile.schema.SpanStatus;
import dev.casefile.schema.TurnKey;
import dev.casefile.schema.internal.TraceState;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Spans merged into a trace, case by case: what is kept, in which order, what is dropped, whether anything changed. */
class TracesTest {

    private static final Instant T0 = Instant.parse("2026-05-21T09:14:21Z");
    private static final SpanMapping MAPPING = new SpanMapping(List.of("workspace.id"), List.of("session.id"),
            List.of("turn.id"), List.of("app.trace_id"), List.of("order_id"), List.of("doc_version"));

    /** The trace after the merge: its span ids in order, the dropped count, and whether the merge changed it. */
    record After(List<String> spanIds, int dropped, boolean changed) {
    }

    static Stream<Arguments> cases() {
        SpanRecord a = span("a", 0, 100);
        SpanRecord b = span("b", 10, 50);
        SpanRecord c = span("c", 5, 60);
        return Stream.of(
                row("spans are kept in start order, not arrival order", List.of(), List.of(b, a, c), 10,
                        new After(List.of("a", "c", "b"), 0, true)),
                row("a replayed span changes nothing", List.of(a, b), List.of(b), 10, new After(List.of("a", "b"), 0, false)),
                row("a later-ending version of a span replaces it", List.of(a, b), List.of(span("b", 10, 70)), 10,
                        new After(List.of("a", "b"), 0, true)),
                row("an earlier-ending version of a span is ignored", List.of(a, b), List.of(span("b", 10, 40)), 10,
                        new After(List.of("a", "b"), 0, false)),
                row("beyond the cap spans are counted, not kept", List.of(a), List.of(b, c), 2,
                        new After(List.of("a", "b"), 1, true)),
                row("a dropped span replayed is not counted again", List.of(a, b), List.of(c, c), 2,
                        new After(List.of("a", "b"), 1, true)),
                row("a kept span's new version is kept even at the cap", List.of(a, b), List.of(span("a", 0, 200)), 2,
                        new After(List.of("a", "b"), 0, true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void addsSpans(String name, List<SpanRecord> before, List<SpanRecord> incoming, int maxSpans, After expected) {
        TraceState state = Traces.empty("t1", T0);
        Traces.addSpans(state, before, 100, MAPPING);
        boolean changed = Traces.addSpans(state, incoming, maxSpans, MAPPING);
        assertEquals(expected, new After(state.getSpans().stream().map(SpanRecord::getSpanId).toList(),
                state.getDroppedSpanCount(), changed));
    }

    @Test
    void theEarliestSpanGivesEachMappedValueWhateverOrderTheyCameIn() {
        SpanRecord root = span("r", 0, 900, Map.of("workspace.id", "acme_eu", "session.id", "sess_918", "turn.id", "07"));
        SpanRecord early = span("x", 10, 20, Map.of("doc_version", "v17", "app.trace_id", "tr_9021"));
        SpanRecord late = span("y", 30, 40, Map.of("doc_version", "v18", "order_id", "ord_5521"));
        for (List<SpanRecord> order : List.of(List.of(root, early, late), List.of(late, early, root))) {
            TraceState state = Traces.empty("t1", T0);
            order.forEach(s -> Traces.addSpans(state, List.of(s), 100, MAPPING));
            assertEquals(Optional.of(new TurnKey("acme_eu", "sess_918", "07")), Traces.turn(state, MAPPING));
            var view = Traces.view(state, Traces.turn(state, MAPPING).orElseThrow(), MAPPING);
            assertEquals("v17", view.getEvidenceTags().get(0).getValue());
            assertEquals("x", view.getEvidenceTags().get(0).getSpanId());
            assertEquals(List.of("tr_9021"), view.getAliases());
            assertEquals(Map.of("order_id", "ord_5521"), view.getBusinessKeys());
            assertEquals("r", state.getSpans().get(0).getSpanId());
        }
    }

    @Test
    void aTraceNamesItsTurnOnlyOnceWorkspaceSessionAndTurnAreKnown() {
        TraceState state = Traces.empty("t1", T0);
        Traces.addSpans(state, List.of(span("r", 0, 900, Map.of("workspace.id", "acme_eu", "session.id", "s"))), 10, MAPPING);
        assertEquals(Optional.empty(), Traces.turn(state, MAPPING));
        Traces.addSpans(state, List.of(span("c", 1, 2, Map.of("turn.id", "07"))), 10, MAPPING);
        assertEquals(Optional.of(new TurnKey("acme_eu", "s", "07")), Traces.turn(state, MAPPING));
    }

    @Test
    void theSummaryCountsErrorsAndSpansTheWholeTrace() {
        TraceState state = Traces.empty("t1", T0);
        SpanRecord root = builder("a", 0, 2_300).setName("chat.turn").build();
        SpanRecord failed = builder("b", 100, 1_500).setStatus(SpanStatus.ERROR).setParentSpanId("a").build();
        Traces.addSpans(state, List.of(root, failed), 10, MAPPING);
        var summary = Traces.summary(state);
        assertEquals("chat.turn", summary.getRootSpanName());
        assertEquals(2, summary.getSpanCount());
        assertEquals(1, summary.getErrorSpanCount());
        assertEquals(List.of("span-b"), summary.getErrorSpans());
        assertEquals(2_300L, summary.getDurationMs());
        assertEquals(T0, summary.getStartedAt());
    }

    private static Arguments row(String name, List<SpanRecord> before, List<SpanRecord> incoming, int maxSpans, After expected) {
        return Arguments.of(name, before, incoming, maxSpans, expected);
    }

    private static SpanRecord span(String id, long startMs, long endMs) {
        return span(id, startMs, endMs, Map.of());
    }

    private static SpanRecord span(String id, long startMs, long endMs, Map<String, String> attributes) {
        return builder(id, startMs, endMs).setAttributes(new HashMap<>(attributes)).build();
    }

    private static SpanRecord.Builder builder(String id, long startMs, long endMs) {
        return SpanRecord.newBuilder().setSpanId(id).setParentSpanId(null).setName("span-" + id).setStatus(SpanStatus.OK)
                .setStartAt(T0.plusMillis(startMs)).setEndAt(T0.plusMillis(endMs)).setAttributes(new HashMap<>());
    }
}
