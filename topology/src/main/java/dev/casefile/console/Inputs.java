package dev.casefile.console;

import dev.casefile.contract.TraceIds;
import dev.casefile.topology.query.ComplaintIndexKeys;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Validation of everything a request names. Errors say what rule was broken and never repeat the
 * value: it may be an email or other personal data.
 */
final class Inputs {

    /** Complaint, ticket, session, feedback, workspace and trace ids: what the pipeline itself accepts as ids, bounded. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:@/+=#~-]{1,200}");
    /** Tag keys, as span attribute names. */
    private static final Pattern TAG_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,128}@[^@\\s]{1,253}");
    /** Business keys (URLs, emails, pasted ids) and search text: up to the 512 characters a span attribute keeps. */
    static final int MAX_VALUE_LENGTH = 512;
    static final int MAX_LIMIT = 100;
    static final int DEFAULT_LIMIT = 20;

    private Inputs() {
    }

    static String id(String name, String value) {
        String v = required(name, value);
        if (!ID.matcher(v).matches()) {
            throw ApiException.badRequest(name + " must be 1 to 200 letters, digits or _.:@/+=#~-");
        }
        return v;
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
        return ComplaintIndexKeys.tag(tagKey(name + " key", v.substring(0, eq)), v.substring(eq + 1));
    }

    static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw ApiException.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT);
    }

    /** A page cursor as handed out in {@code next_cursor}, or null for the first page. */
    static String cursor(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        String v = text("cursor", value);
        String sortKey = ComplaintIndexKeys.sortKeyOfCursor(v);
        if (!ComplaintIndexKeys.isSortKey(sortKey) || !ID.matcher(v.substring(v.indexOf('~') + 1)).matches()) {
            throw ApiException.badRequest("cursor must be a next_cursor value from a previous page");
        }
        return sortKey;
    }

    static Instant instant(String name, String value) {
        String v = required(name, value);
        if (v.length() > 40) {
            throw ApiException.badRequest(name + " must be an ISO-8601 instant, e.g. 2026-05-21T00:00:00Z");
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be an ISO-8601 instant, e.g. 2026-05-21T00:00:00Z");
        }
    }

    private static String required(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw ApiException.badRequest(name + " is required");
        }
        return value;
    }
}
