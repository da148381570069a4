package dev.casefile.console;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Strict decoding of what a request carries in its URL and form body, for whichever HTTP server
 * serves the console. {@link java.net.URLDecoder} is lenient where a console must not be: it turns
 * bytes that are not UTF-8 into U+FFFD (so two different requests read as one value), reads
 * {@code +} as a space in a path too, and accepts non-ASCII digits after {@code %}. Here a query or
 * form follows {@code application/x-www-form-urlencoded} ({@code +} is a space), a path segment
 * keeps {@code +} as it is, and anything malformed, or decoding to a control character, is a
 * {@code 400} whose message never repeats what was sent.
 */
final class Params {

    /** The longest raw query read; a longer one is refused before it is decoded. */
    static final int MAX_QUERY_CHARS = 4096;
    /** The longest form body read: the sign-in form carries an ID token, often a few kilobytes. */
    static final int MAX_FORM_BYTES = 16 * 1024;
    /** Parameter names an error message may repeat: anything else could be the sender's data. */
    private static final Pattern SAFE_NAME = Pattern.compile("[a-z_]{1,20}");

    private Params() {
    }

    /** The parameters of a raw query ({@code a=1&b=x+y}); null or empty gives none. A name given twice is a bad request. */
    static Map<String, String> query(String raw) {
        if (raw != null && raw.length() > MAX_QUERY_CHARS) {
            throw ApiException.badRequest("the query is longer than " + MAX_QUERY_CHARS + " characters");
        }
        return pairs(raw);
    }

    private static Map<String, String> pairs(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
            if (params.put(name, value) != null) {
                throw ApiException.badRequest(SAFE_NAME.matcher(name).matches()
                        ? "parameter " + name + " is given twice" : "a parameter is given twice");
            }
        }
        return params;
    }

    /**
     * The parameters of an {@code application/x-www-form-urlencoded} body, by the rules of {@link #query}. Such a
     * body is ASCII (everything else is percent-encoded), so any other byte is refused rather than guessed at.
     */
    static Map<String, String> form(byte[] body) {
        if (body.length > MAX_FORM_BYTES) {
            throw ApiException.badRequest("the form is longer than " + MAX_FORM_BYTES + " bytes");
        }
        for (byte b : body) {
            if (b < 0) {
                throw malformed();
            }
        }
        return pairs(new String(body, StandardCharsets.US_ASCII));
    }

    /** One raw path segment, decoded: {@code %2B} and {@code +} are both a plus sign here, never a space. */
    static String segment(String raw) {
        return decode(raw == null ? "" : raw, false);
    }

    /**
     * Percent-decodes {@code raw}: each run of {@code %XX} escapes is one byte sequence that must be whole UTF-8;
     * other characters stand for themselves ({@code +} for a space when {@code plusIsSpace}).
     */
    private static String decode(String raw, boolean plusIsSpace) {
        StringBuilder out = new StringBuilder(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c != '%') {
                out.append(plusIsSpace && c == '+' ? ' ' : c);
                i++;
                continue;
            }
            byte[] bytes = new byte[(raw.length() - i) / 3];
            int n = 0;
            while (i < raw.length() && raw.charAt(i) == '%') {
                if (i + 2 >= raw.length()) {
                    throw malformed();
                }
                int high = hex(raw.charAt(i + 1));
                int low = hex(raw.charAt(i + 2));
                if (high < 0 || low < 0) {
                    throw malformed();
                }
                bytes[n++] = (byte) (high << 4 | low);
                i += 3;
            }
            out.append(utf8(bytes, n));
        }
        return checked(out.toString());
    }

    /** ASCII hex digits only: {@link Character#digit} would also take other scripts' digits. */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** A fresh decoder each time (decoders hold state); REPORT, so bytes that are not UTF-8 fail instead of becoming U+FFFD. */
    private static String utf8(byte[] bytes, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw malformed();
        }
    }

    /** No control characters (nor line or paragraph separators), and no half of a surrogate pair given as it is. */
    private static String checked(String decoded) {
        for (int i = 0; i < decoded.length(); ) {
            int cp = decoded.codePointAt(i);
            if (Character.isISOControl(cp) || cp == '\u2028' || cp == '\u2029') {
                throw ApiException.badRequest("parameters and paths must not contain control characters");
            }
            if (Character.getType(cp) == Character.SURROGATE) {
                throw malformed();
            }
            i += Character.charCount(cp);
        }
        return decoded;
    }

    private static ApiException malformed() {
        return ApiException.badRequest("malformed percent-encoding");
    }
}
