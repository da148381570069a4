package dev.casefile.config;

/**
 * Rollout alerts: a value of a tag key first served at least {@code warmupMs} after the key's first
 * window (Casefile watches a key that long before it calls a value new) is compared with
 * the values it replaced over its first {@code horizonMs}, once both have {@code minInteractions};
 * it alerts when its complaint rate is higher by at least {@code minIncrease} (absolute) and a
 * one-sided two-proportion z-test rejects equal rates at level {@code alpha}.
 */
public record AlertSettings(boolean enabled, int minInteractions, double alpha, double minIncrease, long horizonMs,
                            long warmupMs) {

    /** The span before a value's first window a cutover is compared with. */
    public static final long BEFORE_MS = 24L * 3600 * 1000;
}
