package dev.casefile.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.schema.ComplaintRate;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rate gauges' labels: tag values as they are, long ones cut to 128 characters and told apart by a hash. */
class RateGaugesTest {

    private static final long HOUR = 3_600_000L;
    private static final Instant NINE = Instant.parse("2026-05-21T09:00:00Z");

    @Test
    void shortValuesAreTheirOwnLabel() {
        assertEquals("v17", RateGauges.tagValueLabel("v17"));
        String exactly = "x".repeat(RateGauges.MAX_LABEL_CHARS);
        assertEquals(exactly, RateGauges.tagValueLabel(exactly));
    }

    @Test
    void longValuesAreCutTo128CharactersEndingInTheirHash() {
        String a = "a".repeat(500) + "1";
        String b = "a".repeat(500) + "2";
        String label = RateGauges.tagValueLabel(a);
        assertEquals(128, label.length());
        assertTrue(label.matches("a{119}~[0-9a-f]{8}"), label);
        assertEquals(String.format("~%08x", a.hashCode()), label.substring(119));
        assertNotEquals(label, RateGauges.tagValueLabel(b), "two long values sharing a beginning stay two series");
        assertEquals(label, RateGauges.tagValueLabel(a), "the same value, the same label");
    }

    @Test
    void aCutNeverSplitsACharacterOutsideTheBasicPlane() {
        String emoji = "\uD83D\uDE00";
        String value = "a".repeat(118) + emoji + "b".repeat(100);
        String label = RateGauges.tagValueLabel(value);
        assertEquals("a".repeat(118) + String.format("~%08x", value.hashCode()), label);
    }

    @Test
    void theGaugesCarryTheCutLabelAndTheFullCounts() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RateGauges gauges = new RateGauges(null, List.of("doc_version"), HOUR, Clock.systemUTC(), meters);
        String longValue = "doc-" + "z".repeat(300);
        gauges.publish(List.of(rate("v17", 3, 10), rate(longValue, 1, 4)));
        assertEquals(0.3, meters.get(RateGauges.RATE).tags("tag_key", "doc_version", "tag_value", "v17", "window", "window")
                .gauge().value(), 1e-9);
        Gauge cut = meters.get(RateGauges.INTERACTIONS).tags("tag_value", RateGauges.tagValueLabel(longValue)).gauge();
        assertEquals(4.0, cut.value());
        assertTrue(meters.getMeters().stream().allMatch(m -> m.getId().getTag("tag_value") == null
                || m.getId().getTag("tag_value").length() <= RateGauges.MAX_LABEL_CHARS));
        gauges.close();
    }

    private static ComplaintRate rate(String value, long complaints, long interactions) {
        return ComplaintRate.newBuilder().setTagKey("doc_version").setTagValue(value).setWindowStart(NINE)
                .setWindowEnd(NINE.plusMillis(HOUR)).setWindowSizeMs(HOUR).setComplaints(complaints)
                .setInteractions(interactions).setRate((double) complaints / interactions).setFoldedValues(0)
                .setIsFinal(false).build();
    }
}
