package dev.casefile.contract;

/** What the contract accepts as an identifier: not blank, and no control characters (ids key Casefile's stores). */
public final class Identifiers {

    private Identifiers() {
    }

    /** Whether {@code value} is missing: null, empty or only white space. */
    public static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** Whether {@code value} can be an index identifier: not blank, no control characters. */
    public static boolean usable(String value) {
        return !blank(value) && !hasControlCharacter(value);
    }

    /** A plain loop: this runs for every identifier of every trace. */
    public static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
