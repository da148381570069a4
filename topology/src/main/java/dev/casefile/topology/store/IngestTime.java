package dev.casefile.topology.store;

import java.nio.ByteBuffer;
import java.util.OptionalLong;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * When an input record passed its gate, in wall-clock milliseconds, carried in a header through the
 * internal topics, so the processor that emits a complaint can time how long the last input it
 * needed took to become that complaint. It never reaches an output topic.
 */
public final class IngestTime {

    /** The header: 8 bytes, big-endian epoch milliseconds. */
    public static final String HEADER = "casefile.ingest.ms";

    private IngestTime() {
    }

    /** Fresh headers holding only the ingest time {@code wallClockMs}. */
    public static Headers headers(long wallClockMs) {
        Headers headers = new RecordHeaders();
        headers.add(HEADER, ByteBuffer.allocate(Long.BYTES).putLong(wallClockMs).array());
        return headers;
    }

    /** The ingest time a record carries, if any. */
    public static OptionalLong of(Headers headers) {
        Header header = headers.lastHeader(HEADER);
        return header == null || header.value() == null || header.value().length != Long.BYTES ? OptionalLong.empty()
                : OptionalLong.of(ByteBuffer.wrap(header.value()).getLong());
    }

    /** No headers: what output records carry. */
    public static Headers none() {
        return new RecordHeaders();
    }
}
