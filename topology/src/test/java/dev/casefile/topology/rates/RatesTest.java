package dev.casefile.topology.rates;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.casefile.config.RateSettings;
import dev.casefile.schema.internal.RateContribution;
import dev.casefile.schema.internal.RateDelta;
import dev.casefile.schema.internal.ValueDelta;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A turn's rate change as exact differences per window, case by case: before and after → the deltas. */
class RatesTest {

    private static final long HOUR = 3_600_000L;
    private static final RateSettings SETTINGS = new RateSettings(HOUR, 0, 200, 1000);
    private static final Instant AT = Instant.parse("2026-05-21T09:14:21Z");
    private static final Instant NINE = Instant.parse("2026-05-21T09:00:00Z");
    private static final Instant TEN = Instant.parse("2026-05-21T10:00:00Z");
    private static final Instant DAY = Instant.parse("2026-05-21T00:00:00Z");

    static Stream<Arguments> cases() {
        RateContribution served = contribution(AT, Map.of("doc_version", "v17"), false);
        RateContribution complained = contribution(AT, Map.of("doc_version", "v17"), true);
        return Stream.of(
                row("a turn served counts one interaction in its hour and its day", null, served, Map.of(
                        key("doc_version", HOUR, NINE), List.of(change("v17", 1, 0)),
                        key("doc_version", RateSettings.DAY_MS, DAY), List.of(change("v17", 1, 0)))),
                row("a complaint adds a complaint and no interaction", served, complained, Map.of(
                        key("doc_version", HOUR, NINE), List.of(change("v17", 0, 1)),
                        key("doc_version", RateSettings.DAY_MS, DAY), List.of(change("v17", 0, 1)))),
                row("a tombstoned complaint is taken back", complained, served, Map.of(
                        key("doc_version", HOUR, NINE), List.of(change("v17", 0, -1)),
                        key("doc_version", RateSettings.DAY_MS, DAY), List.of(change("v17", 0, -1)))),
                row("nothing changed, nothing sent", complained, complained, Map.of()),
                row("a tag value that changes moves its counts", complained,
                        contribution(AT, Map.of("doc_version", "v18"), true), Map.of(
                        key("doc_version", HOUR, NINE), List.of(change("v17", -1, -1), change("v18", 1, 1)),
                        key("doc_version", RateSettings.DAY_MS, DAY), List.of(change("v17", -1, -1), change("v18", 1, 1)))),
                row("an interaction time in another hour moves the hour, not the day", served,
                        contribution(AT.plusSeconds(3600), Map.of("doc_version", "v17"), false), Map.of(
                        key("doc_version", HOUR, NINE), List.of(change("v17", -1, 0)),
                        key("doc_version", HOUR, TEN), List.of(change("v17", 1, 0)))),
                row("a turn that loses its trace takes everything back", complained, null, Map.of(
                        key("doc_version", HOUR, NINE), List.of(change("v17", -1, -1)),
                        key("doc_version", RateSettings.DAY_MS, DAY), List.of(change("v17", -1, -1)))),
                row("each tag key counts on its own", null, contribution(AT, Map.of("doc_version", "v17",
                        "prompt_version", "refund-v3"), false), Map.of(
                        key("doc_version", HOUR, NINE), List.of(change("v17", 1, 0)),
                        key("doc_version", RateSettings.DAY_MS, DAY), List.of(change("v17", 1, 0)),
                        key("prompt_version", HOUR, NINE), List.of(change("refund-v3", 1, 0)),
                        key("prompt_version", RateSettings.DAY_MS, DAY), List.of(change("refund-v3", 1, 0)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void deltas(String name, RateContribution before, RateContribution after, Map<String, List<ValueDelta>> expected) {
        Map<String, List<ValueDelta>> byWindow = new TreeMap<>();
        for (RateDelta delta : Rates.deltas(before == null ? List.of() : List.of(before),
                after == null ? List.of() : List.of(after), SETTINGS)) {
            byWindow.put(key(delta.getTagKey(), delta.getWindowSizeMs(), Instant.ofEpochMilli(delta.getWindowStart())),
                    delta.getChanges().stream().sorted(java.util.Comparator.comparing(ValueDelta::getTagValue)).toList());
        }
        assertEquals(new TreeMap<>(expected), byWindow);
    }

    private static Arguments row(String name, RateContribution before, RateContribution after,
                                 Map<String, List<ValueDelta>> expected) {
        return Arguments.of(name, before, after, expected);
    }

    private static RateContribution contribution(Instant at, Map<String, String> tags, boolean complained) {
        return new RateContribution(at.toEpochMilli(), new TreeMap<>(tags), complained);
    }

    /** A readable window name for the table: tag key, window length, window start. */
    private static String key(String tagKey, long sizeMs, Instant start) {
        return tagKey + " " + sizeMs + " " + start;
    }

    private static ValueDelta change(String value, long interactions, long complaints) {
        return new ValueDelta(value, complaints, interactions);
    }
}
