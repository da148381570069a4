package dev.casefile.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SignInLimiterTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final SignInLimiter limiter = new SignInLimiter(5, nanos::get);

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void fiveFailuresAreFreeThenTheWaitDoublesUpToFifteenMinutes() {
        for (int i = 0; i < 5; i++) {
            limiter.failed("10.0.0.1");
            assertEquals(Optional.empty(), limiter.waitFor("10.0.0.1"), "failure " + (i + 1));
        }
        limiter.failed("10.0.0.1");
        assertEquals(Optional.of(Duration.ofSeconds(1)), limiter.waitFor("10.0.0.1"));
        assertEquals(Optional.empty(), limiter.waitFor("10.0.0.2"), "per address");
        advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), limiter.waitFor("10.0.0.1"));
        limiter.failed("10.0.0.1");
        assertEquals(Optional.of(Duration.ofSeconds(2)), limiter.waitFor("10.0.0.1"));
        for (int i = 0; i < 20; i++) {
            limiter.failed("10.0.0.1");
        }
        assertEquals(Optional.of(SignInLimiter.LONGEST_WAIT), limiter.waitFor("10.0.0.1"));
    }

    @Test
    void anAddressIsForgottenAnHourAfterItsLastFailure() {
        for (int i = 0; i < 7; i++) {
            limiter.failed("::1");
        }
        assertTrue(limiter.waitFor("::1").isPresent());
        advance(SignInLimiter.MEMORY.plusSeconds(1));
        assertEquals(Optional.empty(), limiter.waitFor("::1"));
        limiter.failed("::1");
        assertEquals(Optional.empty(), limiter.waitFor("::1"), "counting starts again");
    }
}
