package dev.casefile.console;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;

/**
 * Failed sign-ins per client address, with backoff: {@code freeFailures} failures cost nothing, then
 * each further one makes the address wait 1 s, doubling up to 15 minutes. A success does not clear
 * the count (else one valid sign-in every few guesses would guess without limit); an address is
 * forgotten an hour after its last failure. At most 100,000 addresses are held (the least recently
 * failing go first), so a flood of addresses cannot grow the heap. Checking and counting are two
 * steps: parallel attempts from one address may each pass the check before the first is counted.
 */
final class SignInLimiter {

    static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    static final Duration LONGEST_WAIT = Duration.ofMinutes(15);
    /** How long an address's failures are remembered after its last one. */
    static final Duration MEMORY = Duration.ofHours(1);

    private record Failures(int count, long blockedUntilNanos) {
    }

    private final int freeFailures;
    private final Ticker ticker;
    private final Cache<String, Failures> failures;

    SignInLimiter(int freeFailures, Ticker ticker) {
        this.freeFailures = freeFailures;
        this.ticker = ticker;
        this.failures = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(MEMORY).maximumSize(100_000).build();
    }

    /** How long {@code client} must still wait before its next attempt; empty if it may try now. */
    Optional<Duration> waitFor(String client) {
        Failures f = failures.getIfPresent(client);
        if (f == null) {
            return Optional.empty();
        }
        long left = f.blockedUntilNanos() - ticker.read();
        return left > 0 ? Optional.of(Duration.ofNanos(left)) : Optional.empty();
    }

    /** Records a failed attempt of {@code client}. */
    void failed(String client) {
        failures.asMap().compute(client, (c, f) -> {
            int count = f == null ? 1 : f.count() + 1;
            int over = count - freeFailures;
            long wait = over <= 0 ? 0 : Math.min(LONGEST_WAIT.toNanos(), FIRST_WAIT.toNanos() << Math.min(over - 1, 20));
            return new Failures(count, ticker.read() + wait);
        });
    }
}
