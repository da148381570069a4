package dev.casefile.config;

/**
 * How long state is kept, in event time after its last event: traces, uncomplained turns and the
 * business-key index for {@code uncomplainedMs}; complaints, tickets and id registries for
 * {@code complaintMs} ({@link Long#MAX_VALUE}: forever). Enforced every {@code scanIntervalMs} of
 * stream time.
 */
public record Retention(long uncomplainedMs, long complaintMs, long scanIntervalMs) {

    /** Whether state last touched at {@code lastEventMs} is past {@code retentionMs} at stream time {@code nowMs}. */
    public static boolean expired(long lastEventMs, long retentionMs, long nowMs) {
        return retentionMs != Long.MAX_VALUE && nowMs - lastEventMs > retentionMs;
    }
}
