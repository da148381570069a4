package dev.casefile.console;

import dev.casefile.contract.KeyedHash;
import dev.casefile.contract.TraceIds;
import dev.casefile.topology.query.ComplaintIndexKeys;
import dev.casefile.topology.query.ComplaintIndexKeys.Kind;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Validation of everything a request names. Errors say what rule was broken and never repeat the
 * value: it may be an email or other personal data. An email is only ever looked up through its
 * keyed hash, which is what the index holds: a lookup value goes on to every other instance, so a
 * parameter that could carry an email either hashes it ({@code email}, {@code key}, the search box)
 * or refuses it (ids, tags, labels, cursors), never forwards it in clear.
 */
final class Inputs {

    /** What a {@code /api/complaints} parameter looks up: the index kind, the value as indexed, and the name the page goes by. */
    record Lookup(Kind kind, String value, String as) {
    }

    /** Complaint, ticket, session, feedback, workspace and trace ids: what the pipeline itself accepts as ids, bounded. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:@/+=#~-]{1,200}");
    /** Tag keys, as span attribute names. */
    private static final Pattern TAG_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,128}@[^@\\s]{1,253}");
    /** Business keys (URLs, emails, pasted ids) and search text: up to the 512 characters a span attribute keeps. */
    static final int MAX_VALUE_LENGTH = 512;
    static final int MAX_LIMIT = 100;
    static final int DEFAULT_LIMIT = 20;
    /**
     * The instants a request may name: from 1970 (nothing here is older) to the end of year 9999. Far beyond
     * that {@link Instant#toEpochMilli} overflows, so a year of 999,999,999 would otherwise fail as a 500.
     */
    static final Instant EARLIEST = Instant.EPOCH;
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
    private static final String INSTANT_RULE = " must be an ISO-8601 instant from 1970-01-01T00:00:00Z to "
            + "9999-12-31T23:59:59Z, e.g. 2026-05-21T00:00:00Z";
    private static final String NOT_AN_EMAIL = " must not be an email address: emails are looked up only through "
            + "their keyed hash, with email= or the search box";

    private Inputs() {
    }

    static String id(String name, String value) {
        String v = required(name, value);
        if (!ID.matcher(v).matches()) {
            throw ApiException.badRequest(name + " must be 1 to 200 letters, digits or _.:@/+=#~-");
        }
        return notEmail(name, v);
    }

    /** Free text of bounded length without control characters, trimmed (a business key, a search). */
    static String text(String name, String value) {
        String v = required(name, value).strip();
        if (v.isEmpty() || v.length() > MAX_VALUE_LENGTH) {
            throw ApiException.badRequest(name + " must be 1 to " + MAX_VALUE_LENGTH + " characters");
        }
        if (v.chars().anyMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029')) {
            throw ApiException.badRequest(name + " must not contain control characters");
        }
        return v;
    }

    static String email(String name, String value) {
        String v = text(name, value);
        if (!EMAIL.matcher(v).matches()) {
            throw ApiException.badRequest(name + " must be an email address");
        }
        return v;
    }

    static boolean looksLikeEmail(String value) {
        return EMAIL.matcher(value).matches();
    }

    /** {@code value}, unless it has the shape of an email: then a 400, so it is not sent on to other instances in clear. */
    static String notEmail(String name, String value) {
        if (looksLikeEmail(value)) {
            throw ApiException.badRequest(name + NOT_AN_EMAIL);
        }
        return value;
    }

    /**
     * What {@code /api/complaints?name=raw} looks up. {@code email}, and a {@code key} with the shape of an email,
     * are the keyed hash the gates store in place of every email (business key {@code email_hash}), matched as a
     * business key; the hash, not the email, is what is sent to the other instances and echoed back.
     */
    static Lookup lookup(String name, String raw, KeyedHash emailHash) {
        switch (name) {
            case "email":
                return new Lookup(Kind.KEY, emailHash.of(email("email", raw)), "email");
            case "key": {
                String key = text("key", raw);
                return looksLikeEmail(key) ? new Lookup(Kind.KEY, emailHash.of(key), "email") : new Lookup(Kind.KEY, key, "key");
            }
            case "tag":
                return new Lookup(Kind.TAG, tag("tag", raw), "tag");
            case "trace":
                return new Lookup(Kind.TRACE, ComplaintIndexKeys.traceValue(id("trace", raw)), "trace");
            case "ticket":
            case "workspace":
            case "session":
            case "feedback":
                return new Lookup(Kind.valueOf(name.toUpperCase(Locale.ROOT)), id(name, raw), name);
            default:
                throw ApiException.badRequest("give exactly one of ticket, workspace, session, feedback, trace, key, email, tag");
        }
    }

    static boolean isOtlpTraceId(String value) {
        return TraceIds.isOtlpHex(value);
    }

    static String tagKey(String name, String value) {
        String v = required(name, value);
        if (!TAG_KEY.matcher(v).matches()) {
            throw ApiException.badRequest(name + " must be 1 to 128 letters, digits or _.-");
        }
        return v;
    }

    /** An evidence tag {@code key=value}. */
    static String tag(String name, String value) {
        String v = text(name, value);
        int eq = v.indexOf('=');
        if (eq <= 0 || eq == v.length() - 1) {
            throw ApiException.badRequest(name + " must be key=value, e.g. doc_version=v17");
        }
        return ComplaintIndexKeys.tag(tagKey(name + " key", v.substring(0, eq)), notEmail(name + " value", v.substring(eq + 1)));
    }

    static int limit(String value) {
        return value == null ? DEFAULT_LIMIT : wholeNumber("limit", value, 1, MAX_LIMIT);
    }

    /**
     * A number written in ASCII digits only, from {@code min} to {@code max} (both at least 0). {@link Integer#parseInt}
     * would also take a sign and other scripts' digits (Arabic-Indic, fullwidth, ...): one number, many spellings.
     */
    static int wholeNumber(String name, String value, int min, int max) {
        if (value != null && !value.isEmpty() && value.length() <= 10 && isAsciiDigits(value)) {
            long n = Long.parseLong(value);
            if (n >= min && n <= max) {
                return (int) n;
            }
        }
        throw ApiException.badRequest(name + " must be a whole number from " + min + " to " + max);
    }

    static boolean isAsciiDigits(String value) {
        return value.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** A page cursor as handed out in {@code next_cursor}, or null for the first page. */
    static String cursor(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        String v = text("cursor", value);
        String sortKey = ComplaintIndexKeys.sortKeyOfCursor(v);
        String id = v.substring(v.indexOf('~') + 1);
        // Complaint ids are cmp-... hex: an email-shaped one is no cursor Casefile handed out.
        if (!ComplaintIndexKeys.isSortKey(sortKey) || !ID.matcher(id).matches() || looksLikeEmail(id)) {
            throw ApiException.badRequest("cursor must be a next_cursor value from a previous page");
        }
        return sortKey;
    }

    /** An instant from {@link #EARLIEST} to {@link #LATEST}, so that its epoch milliseconds, and differences of them, fit a long. */
    static Instant instant(String name, String value) {
        String v = required(name, value);
        if (v.length() > 40) {
            throw ApiException.badRequest(name + INSTANT_RULE);
        }
        Instant instant;
        try {
            instant = Instant.parse(v);
        } catch (DateTimeException e) {
            throw ApiException.badRequest(name + INSTANT_RULE);
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw ApiException.badRequest(name + INSTANT_RULE);
        }
        return instant;
    }

    private static String required(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw ApiException.badRequest(name + " is required");
        }
        return value;
    }
}
