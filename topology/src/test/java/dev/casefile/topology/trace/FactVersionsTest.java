package dev.casefile.topology.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.contract.Versions;
import dev.casefile.schema.SpanRecord;
import dev.casefile.schema.SpanStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A span fact's version order is the leading part of the whole span's ({@code Versions.SPAN}):
 * whenever two facts differ in order, their spans differ the same way. So the trace store, which
 * sees only facts, keeps the version of each span that a read-back of the whole spans keeps.
 */
class FactVersionsTest {

    private static final Instant T0 = Instant.parse("2026-05-21T09:14:21Z");

    @Test
    void factsOrderVersionsAsWholeSpansDoWheneverTheyDiffer() {
        Random random = new Random(22);
        List<SpanRecord> versions = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            versions.add(version(random));
        }
        int decided = 0;
        for (SpanRecord a : versions) {
            for (SpanRecord b : versions) {
                int facts = Integer.signum(Traces.FACT_VERSIONS.compare(Traces.fact(a), Traces.fact(b)));
                if (facts != 0) {
                    decided++;
                    assertEquals(facts, Integer.signum(Versions.SPAN.compare(a, b)), a + " against " + b);
                }
            }
        }
        assertTrue(decided > 80_000, "most pairs differ in their facts: " + decided);
    }

    /** One version of span "s": few values per field, so that ties on leading fields are common. */
    private static SpanRecord version(Random random) {
        Map<String, String> attributes = new HashMap<>();
        if (random.nextBoolean()) {
            attributes.put("doc_version", "v" + random.nextInt(2));
        }
        return SpanRecord.newBuilder().setSpanId("s")
                .setParentSpanId(random.nextBoolean() ? null : "p" + random.nextInt(2))
                .setName("span-" + random.nextInt(2))
                .setStatus(SpanStatus.values()[random.nextInt(SpanStatus.values().length)])
                .setStatusMessage(random.nextBoolean() ? null : "m" + random.nextInt(2))
                .setStartAt(T0.plusMillis(random.nextInt(2)))
                .setEndAt(T0.plusMillis(10 + random.nextInt(3)))
                .setAttributes(attributes)
                .setInputText(random.nextBoolean() ? null : "asked")
                .build();
    }
}
