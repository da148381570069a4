package dev.casefile.topology.query;

import dev.casefile.topology.store.CompositeKeys;

/**
 * The keys of the rate stores: {@code tag_key␟window_size␟window_start} in {@code complaint-rates}
 * (and on the {@code rate-deltas} topic), {@code window_size␟window_start} in the rate buffer;
 * numbers (window starts in milliseconds since the epoch) zero-padded, so a range scan walks one tag key's windows
 * in time order.
 */
public final class RateKeys {

    private static final int DIGITS = 20;

    private RateKeys() {
    }

    /** {@code tagKey␟size␟start}: one tag key's counts in one window. */
    public static String storeKey(String tagKey, long sizeMs, long windowStartMs) {
        return tagKey + CompositeKeys.SEP + windowKey(sizeMs, windowStartMs);
    }

    /** The prefix of every {@link #storeKey} of one tag key and window length. */
    public static String windowPrefix(String tagKey, long sizeMs) {
        return tagKey + CompositeKeys.SEP + CompositeKeys.zeroPadded(sizeMs, DIGITS) + CompositeKeys.SEP;
    }

    /** The tag key of a {@link #storeKey}. */
    public static String tagKeyOf(String storeKey) {
        return storeKey.substring(0, storeKey.indexOf(CompositeKeys.SEP));
    }

    /** {@code size␟start}: one window of every tag key. */
    public static String windowKey(long sizeMs, long windowStartMs) {
        return CompositeKeys.zeroPadded(sizeMs, DIGITS) + CompositeKeys.SEP
                + CompositeKeys.zeroPadded(windowStartMs, DIGITS);
    }

    /** The start of the tumbling window of {@code sizeMs} that holds {@code atMs}, both in milliseconds since the epoch. */
    public static long windowStart(long atMs, long sizeMs) {
        return atMs - Math.floorMod(atMs, sizeMs);
    }
}
