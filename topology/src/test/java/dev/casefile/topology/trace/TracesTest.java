package dev.casefile.topology.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.casefile.config.SpanMapping;
import dev.casefile.schema.SpanRecord;
import dev.casefile.schema.SpanStatus;
import dev.casefile.schema.TurnKey;
import dev.casefile.schema.internal.SpanFact;
import dev.casefile.schema.internal.SpanLocation;
import dev.casefile.schema.internal.TraceFragment;
import dev.casefile.schema.internal.TraceState;
import dev.casefile.topology.query.SpanSource;
import dev.casefile.topology.query.TraceReads;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Spans merged into a trace, case by case: what is kept, in which order, what is dropped, whether anything changed. */
class TracesTest {

    /** The spans-topic offset each test's next fragment claims to come from (each test starts at 0). */
    private static final AtomicLong OFFSETS = new AtomicLong();
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
                row("a replayed span changes nothing (its record is not located)", List.of(a, b), List.of(b), 10,
                        new After(List.of("a", "b"), 0, false)),
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

    @BeforeEach
    void fromOffsetZero() {
        OFFSETS.set(0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void addsSpans(String name, List<SpanRecord> before, List<SpanRecord> incoming, int maxSpans, After expected) {
        TraceState state = Traces.empty("t1", T0.toEpochMilli());
        add(state, before, 100);
        boolean changed = add(state, incoming, maxSpans).changed();
        assertEquals(expected, new After(state.getFacts().stream().map(SpanFact::getSpanId).toList(),
                state.getDroppedSpanCount(), changed));
    }

    @Test
    void theEarliestSpanGivesEachMappedValueWhateverOrderTheyCameIn() {
        SpanRecord root = span("r", 0, 900, Map.of("workspace.id", "acme_eu", "session.id", "sess_918", "turn.id", "07"));
        SpanRecord early = span("x", 10, 20, Map.of("doc_version", "v17", "app.trace_id", "tr_9021"));
        SpanRecord late = span("y", 30, 40, Map.of("doc_version", "v18", "order_id", "ord_5521"));
        for (List<SpanRecord> order : List.of(List.of(root, early, late), List.of(late, early, root))) {
            TraceState state = Traces.empty("t1", T0.toEpochMilli());
            order.forEach(s -> add(state, List.of(s), 100));
            assertEquals(Optional.of(new TurnKey("acme_eu", "sess_918", "07")), Traces.turn(state, MAPPING));
            var view = Traces.view(state, Traces.turn(state, MAPPING).orElseThrow(), MAPPING);
            assertEquals("v17", view.getEvidenceTags().get(0).getValue());
            assertEquals("x", view.getEvidenceTags().get(0).getSpanId());
            assertEquals(List.of("tr_9021"), view.getAliases());
            assertEquals(Map.of("order_id", "ord_5521"), view.getBusinessKeys());
            assertEquals("r", state.getFacts().get(0).getSpanId());
        }
    }

    @Test
    void aTraceNamesItsTurnOnlyOnceWorkspaceSessionAndTurnAreKnown() {
        TraceState state = Traces.empty("t1", T0.toEpochMilli());
        add(state, List.of(span("r", 0, 900, Map.of("workspace.id", "acme_eu", "session.id", "s"))), 10);
        assertEquals(Optional.empty(), Traces.turn(state, MAPPING));
        add(state, List.of(span("c", 1, 2, Map.of("turn.id", "07"))), 10);
        assertEquals(Optional.of(new TurnKey("acme_eu", "s", "07")), Traces.turn(state, MAPPING));
    }

    @Test
    void theSummaryCountsErrorsAndSpansTheWholeTrace() {
        TraceState state = Traces.empty("t1", T0.toEpochMilli());
        SpanRecord root = builder("a", 0, 2_300).setName("chat.turn").build();
        SpanRecord failed = builder("b", 100, 1_500).setStatus(SpanStatus.ERROR).setParentSpanId("a").build();
        add(state, List.of(root, failed), 10);
        var summary = Traces.summary(state);
        assertEquals("chat.turn", summary.getRootSpanName());
        assertEquals(2, summary.getSpanCount());
        assertEquals(1, summary.getErrorSpanCount());
        assertEquals(List.of("span-b"), summary.getErrorSpans());
        assertEquals(2_300L, summary.getDurationMs());
        assertEquals(T0.toEpochMilli(), summary.getStartedAt());
    }

    @Test
    void aRecordIsLocatedOnlyIfItCarriedAKeptSpanAndOnlyOnce() {
        TraceState state = Traces.empty("t1", T0.toEpochMilli());
        add(state, List.of(span("a", 0, 100), span("b", 1, 50)), 2);
        add(state, List.of(span("c", 2, 60)), 2);
        add(state, List.of(span("a", 0, 200)), 2);
        add(state, List.of(span("b", 1, 40)), 2);
        assertEquals(List.of(new SpanLocation(0, 0L), new SpanLocation(0, 2L)), state.getLocations(),
                "the record beyond the cap and the one with an older version are not needed to read the spans back");
        Traces.addSpans(state, fragment(List.of(span("a", 0, 300)), 0), 2, MAPPING);
        assertEquals(2, state.getLocations().size(), "a record already located is not located twice");
    }

    @Test
    void readingTheLocatedRecordsBackKeepsTheSpansTheFactsDescribe() {
        List<List<SpanRecord>> records = List.of(
                List.of(span("a", 0, 100), span("b", 10, 50)),
                List.of(span("c", 5, 60), span("d", 6, 70)),
                List.of(span("b", 10, 90), builder("e", 1, 2).setStatus(SpanStatus.ERROR).build()),
                List.of(span("a", 0, 80)));
        TraceState state = Traces.empty("t1", T0.toEpochMilli());
        for (List<SpanRecord> record : records) {
            add(state, record, 3);
        }
        SpanSource source = (traceId, locations) -> {
            List<SpanRecord> found = new ArrayList<>();
            locations.forEach(l -> found.addAll(records.get((int) l.getOffset())));
            return new SpanSource.Read(found, 0);
        };
        List<SpanRecord> readBack = TraceReads.readBack(state, source).spans();
        assertEquals(state.getFacts(), readBack.stream().map(Traces::fact).toList());
        assertEquals(List.of("a", "c", "b"), readBack.stream().map(SpanRecord::getSpanId).toList());
        assertEquals(T0.plusMillis(90), readBack.get(2).getEndAt(), "b's later-ending version");
        assertEquals(2, state.getDroppedSpanCount(), "d and e, beyond the cap");
    }

    private static Traces.Added add(TraceState state, List<SpanRecord> spans, int maxSpans) {
        return Traces.addSpans(state, fragment(spans, OFFSETS.getAndIncrement()), maxSpans, MAPPING);
    }

    private static TraceFragment fragment(List<SpanRecord> spans, long offset) {
        return new TraceFragment("t1", spans, 0, offset);
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
