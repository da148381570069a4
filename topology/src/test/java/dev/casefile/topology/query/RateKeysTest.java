package dev.casefile.topology.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateKeysTest {

    private static final long HOUR = 3_600_000L;
    private static final Instant NINE = Instant.parse("2026-05-12T09:00:00Z");
    private static final Instant TEN = Instant.parse("2026-05-12T10:00:00Z");

    @Test
    void storeKeysAreZeroPaddedSoTheySortByWindowStart() {
        assertEquals("model\u001f00000000000003600000\u001f00000001778576400000", RateKeys.storeKey("model", HOUR, NINE.toEpochMilli()));
        assertEquals("00000000000000000000\u001f00000000000000000000", RateKeys.windowKey(0, 0));
        assertEquals("09223372036854775807\u001f00000000000000000009",
                RateKeys.windowKey(Long.MAX_VALUE, 9));
        assertTrue(RateKeys.storeKey("model", HOUR, NINE.toEpochMilli())
                .compareTo(RateKeys.storeKey("model", HOUR, TEN.toEpochMilli())) < 0);
    }
}
