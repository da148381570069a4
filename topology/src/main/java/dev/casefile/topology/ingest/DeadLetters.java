package dev.casefile.topology.ingest;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** The headers a dead letter carries: why it was rejected and where it came from. */
public final class DeadLetters {

    public static final String REASON = "casefile.dlq.reason";
    /** The reason's short code ({@link DeadLetterCause#code()}), as the dead-letter metric counts it. */
    public static final String CAUSE = "casefile.dlq.cause";
    public static final String SOURCE_TOPIC = "casefile.dlq.source.topic";
    public static final String SOURCE_PARTITION = "casefile.dlq.source.partition";
    public static final String SOURCE_OFFSET = "casefile.dlq.source.offset";

    private DeadLetters() {
    }

    /** The record's own headers plus the dead-letter headers. */
    static Headers headers(Headers original, Rejection rejection, RecordMetadata source) {
        Headers headers = new RecordHeaders(original.toArray());
        headers.add(REASON, utf8(rejection.reason()));
        headers.add(CAUSE, utf8(rejection.cause().code()));
        headers.add(SOURCE_TOPIC, utf8(source.topic()));
        headers.add(SOURCE_PARTITION, utf8(Integer.toString(source.partition())));
        headers.add(SOURCE_OFFSET, utf8(Long.toString(source.offset())));
        return headers;
    }

    /** The text of a header, or null if absent. */
    public static String header(Headers headers, String key) {
        var header = headers.lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
