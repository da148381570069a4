package dev.casefile.topology;

import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.SupportTicket;
import java.util.Locale;
import java.util.regex.Pattern;

/** OTLP trace ids are compared as lower-case hex; ids in other forms (the product's aliases) are kept as they are. */
final class TraceIds {

    private static final Pattern OTLP_HEX = Pattern.compile("[0-9a-fA-F]{32}");

    private TraceIds() {
    }

    static String normalise(String traceId) {
        return traceId != null && OTLP_HEX.matcher(traceId).matches() ? traceId.toLowerCase(Locale.ROOT) : traceId;
    }

    static FeedbackEvent feedback(FeedbackEvent event) {
        String id = normalise(event.getTraceId());
        return java.util.Objects.equals(id, event.getTraceId()) ? event : FeedbackEvent.newBuilder(event).setTraceId(id).build();
    }

    static SupportTicket ticket(SupportTicket ticket) {
        String id = normalise(ticket.getTraceId());
        return java.util.Objects.equals(id, ticket.getTraceId()) ? ticket : SupportTicket.newBuilder(ticket).setTraceId(id).build();
    }
}
