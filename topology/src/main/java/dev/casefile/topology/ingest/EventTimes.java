package dev.casefile.topology.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Which event times are believable, for every input: not before 2000, not more than a day ahead of the clock. */
public final class EventTimes {

    /** Event times before this are not believable (an unset field, a clock at the epoch). */
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** Event times further ahead of the clock than this are not believable. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofDays(1);

    private final Clock clock;

    /** Judges times against {@code clock} (the topology's, from its settings). */
    public EventTimes(Clock clock) {
        this.clock = clock;
    }

    /** Why {@code at} is not believable, or empty when it is. */
    public Optional<String> implausible(Instant at) {
        if (at.isBefore(EARLIEST)) {
            return Optional.of("before " + EARLIEST);
        }
        if (at.isAfter(clock.instant().plus(MAX_CLOCK_SKEW))) {
            return Optional.of("more than " + MAX_CLOCK_SKEW.toHours() + " h in the future");
        }
        return Optional.empty();
    }
}
