package dev.casefile.config;

/**
 * Complaint-rate windows: tumbling windows of {@code windowSizeMs} (plus a one-day rollup) of
 * interaction time, open for late complaints {@code graceMs} after they end, with at most
 * {@code maxValuesPerWindow} distinct values per tag key before the rest fold into {@code __other__};
 * each task sums its turns' changes for {@code flushIntervalMs} of wall-clock time before sending
 * them on (0: at once).
 */
public record RateSettings(long windowSizeMs, long graceMs, int maxValuesPerWindow, long flushIntervalMs) {

    /** The one-day rollup kept beside the configured windows. */
    public static final long DAY_MS = 24L * 3600 * 1000;
}
