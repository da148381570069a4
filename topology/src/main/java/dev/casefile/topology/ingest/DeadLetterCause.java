package dev.casefile.topology.ingest;

import dev.casefile.serde.UnreadableRecordException;
import java.util.Locale;

/**
 * Why a record became a dead letter, as a short code: the {@code reason} label of the dead-letter
 * metric and the {@code casefile.dlq.cause} header. The full reason, which may name a record's id,
 * is in the {@code casefile.dlq.reason} header only.
 */
public enum DeadLetterCause {
    /** Neither a JSON object nor single-object Avro. */
    NOT_JSON_OR_AVRO,
    /** Single-object Avro written with a schema that is not a released version. */
    UNKNOWN_SCHEMA,
    /** Avro that does not decode (or a configured serde's error). */
    UNREADABLE,
    /** Not valid JSON, or not one JSON object. */
    INVALID_JSON,
    /** A required field is missing or blank, in JSON or Avro. */
    MISSING_FIELD,
    /** A JSON field of the wrong type. */
    WRONG_TYPE,
    /** A time that cannot be read, or is before 2000 or more than a day ahead. */
    IMPLAUSIBLE_TIME,
    /** A JSON field the contract does not have. */
    UNKNOWN_FIELD,
    /** An id with control characters. */
    CONTROL_CHARACTERS,
    /** A complaint text, subject or body over the limit. */
    TEXT_TOO_LONG,
    /** A tombstone without a key: nothing to delete. */
    TOMBSTONE_WITHOUT_KEY,
    /** Bytes that are not OTLP (corrupt or truncated protobuf, JSON that is not OTLP, the wrong encoding). */
    NOT_OTLP,
    /** A span record over span.max.record.bytes. */
    TOO_LARGE,
    /** An OTLP record without spans. */
    NO_SPANS,
    /** A trace or span id of the wrong length, all zero, or not hex. */
    INVALID_ID;

    /** The code as it appears in metrics and headers: lower case with underscores. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    static DeadLetterCause of(UnreadableRecordException.Kind kind) {
        return switch (kind) {
            case NOT_JSON_OR_AVRO -> NOT_JSON_OR_AVRO;
            case UNKNOWN_SCHEMA -> UNKNOWN_SCHEMA;
            case UNREADABLE_AVRO -> UNREADABLE;
            case INVALID_JSON -> INVALID_JSON;
            case JSON_MISSING_FIELD -> MISSING_FIELD;
            case JSON_WRONG_TYPE -> WRONG_TYPE;
            case JSON_BAD_TIME -> IMPLAUSIBLE_TIME;
            case JSON_UNKNOWN_FIELD -> UNKNOWN_FIELD;
        };
    }
}
