package dev.casefile.topology.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventTimesTest {

    private static final Instant NOW = Instant.parse("2026-05-24T12:00:00Z");
    private final EventTimes times = new EventTimes(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void timesFromTwoThousandToADayAheadOfTheClockAreBelievable() {
        assertEquals(Optional.empty(), times.implausible(EventTimes.EARLIEST));
        assertEquals(Optional.empty(), times.implausible(NOW));
        assertEquals(Optional.empty(), times.implausible(NOW.plus(Duration.ofDays(1))));
    }

    @Test
    void earlierOrFurtherAheadTheyAreNot() {
        assertEquals(Optional.of("before 2000-01-01T00:00:00Z"), times.implausible(EventTimes.EARLIEST.minusMillis(1)));
        assertEquals(Optional.of("more than 24 h in the future"), times.implausible(NOW.plus(Duration.ofDays(1)).plusMillis(1)));
    }
}
