package dev.casefile.contract;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The forms a trace id takes: the OTLP hex id (compared in lower case), a W3C {@code traceparent}
 * ({@code 00-<trace id>-<span id>-<flags>}, which names a span too), or the product's own id of the
 * trace (an alias, kept as it is).
 */
public final class TraceIds {

    private static final Pattern OTLP_HEX = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Pattern SPAN_HEX = Pattern.compile("[0-9a-fA-F]{16}");
    private static final Pattern TRACEPARENT = Pattern.compile("([0-9a-fA-F]{2})-([0-9a-fA-F]{32})-([0-9a-fA-F]{16})-[0-9a-fA-F]{2}");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);

    /** A traceparent's trace id and span id, in lower case. */
    public record Traceparent(String traceId, String spanId) {
    }

    private TraceIds() {
    }

    /**
     * {@code traceId} as Casefile stores and indexes it: an OTLP hex id in lower case, the trace id of a
     * traceparent, any other id unchanged.
     */
    public static String normalise(String traceId) {
        if (traceId == null) {
            return null;
        }
        Optional<Traceparent> traceparent = traceparent(traceId);
        if (traceparent.isPresent()) {
            return traceparent.get().traceId();
        }
        return isOtlpHex(traceId) ? traceId.toLowerCase(Locale.ROOT) : traceId;
    }

    /** Whether {@code traceId} has the form of an OTLP trace id: 32 hex digits. */
    public static boolean isOtlpHex(String traceId) {
        return OTLP_HEX.matcher(traceId).matches();
    }

    /** Whether {@code spanId} has the form of an OTLP span id: 16 hex digits, not all zero. */
    public static boolean isSpanId(String spanId) {
        return SPAN_HEX.matcher(spanId).matches() && !spanId.equals(ZERO_SPAN);
    }

    /** The trace and span a W3C traceparent names; empty if {@code value} is not one (or names no valid ids). */
    public static Optional<Traceparent> traceparent(String value) {
        Matcher m = TRACEPARENT.matcher(value.trim());
        if (!m.matches() || m.group(1).equalsIgnoreCase("ff")) {
            return Optional.empty();
        }
        String trace = m.group(2).toLowerCase(Locale.ROOT);
        String span = m.group(3).toLowerCase(Locale.ROOT);
        return trace.equals(ZERO_TRACE) || span.equals(ZERO_SPAN) ? Optional.empty() : Optional.of(new Traceparent(trace, span));
    }
}
