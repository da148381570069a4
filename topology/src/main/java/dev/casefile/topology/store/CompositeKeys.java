package dev.casefile.topology.store;

/**
 * The one way Casefile's store keys are built from several parts: joined by the unit separator
 * {@code ␟} (U+001F), which no identifier may hold (the gates dead-letter ids with control
 * characters), and numbers zero-padded so that keys sort as their numbers do.
 */
public final class CompositeKeys {

    /** Separates the parts of a composite key. */
    public static final char SEP = '\u001f';
    /** {@link #SEP} as a string, for splitting. */
    public static final String SEP_STRING = String.valueOf(SEP);

    private CompositeKeys() {
    }

    /** The parts joined by {@link #SEP}. */
    public static String join(String... parts) {
        return String.join(SEP_STRING, parts);
    }

    /** The parts joined by {@link #SEP}, with a trailing separator: the prefix of every key that starts with them. */
    public static String prefix(String... parts) {
        return join(parts) + SEP;
    }

    /** The last part of a composite key. */
    public static String lastPart(String key) {
        return key.substring(key.lastIndexOf(SEP) + 1);
    }

    /** The last two parts of a composite key, still joined. */
    public static String lastTwoParts(String key) {
        int last = key.lastIndexOf(SEP);
        return key.substring(key.lastIndexOf(SEP, last - 1) + 1);
    }

    /** Whether {@code value} can be a part: it holds no separator. */
    public static boolean isPart(String value) {
        return value.indexOf(SEP) < 0;
    }

    /** {@code String.format("%0<width>d", n)} for n ≥ 0, without the formatter (this is on every turn's path). */
    public static String zeroPadded(long n, int width) {
        String digits = Long.toString(n);
        return n < 0 ? String.format("%0" + width + "d", n) : "0".repeat(Math.max(0, width - digits.length())) + digits;
    }
}
