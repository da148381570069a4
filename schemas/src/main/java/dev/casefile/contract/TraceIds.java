package dev.casefile.contract;

import java.util.Locale;
import java.util.regex.Pattern;

/** OTLP trace ids are compared as lower-case hex; ids in other forms (the product's aliases) are kept as they are. */
public final class TraceIds {

    private static final Pattern OTLP_HEX = Pattern.compile("[0-9a-fA-F]{32}");

    private TraceIds() {
    }

    /** {@code traceId} as Casefile stores and indexes it: an OTLP hex id in lower case, any other id unchanged. */
    public static String normalise(String traceId) {
        return traceId != null && isOtlpHex(traceId) ? traceId.toLowerCase(Locale.ROOT) : traceId;
    }

    /** Whether {@code traceId} has the form of an OTLP trace id: 32 hex digits. */
    public static boolean isOtlpHex(String traceId) {
        return OTLP_HEX.matcher(traceId).matches();
    }
}
