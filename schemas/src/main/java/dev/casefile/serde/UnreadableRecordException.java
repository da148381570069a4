package dev.casefile.serde;

import org.apache.kafka.common.errors.SerializationException;

/** A record of the contract that cannot be read; its message is the reason, and {@link #kind()} says what kind. */
public final class UnreadableRecordException extends SerializationException {

    /** Why a record cannot be read. */
    public enum Kind {
        /** Neither a JSON object nor single-object Avro. */
        NOT_JSON_OR_AVRO,
        /** Single-object Avro written with a schema that is not a released version. */
        UNKNOWN_SCHEMA,
        /** Single-object Avro whose datum does not decode. */
        UNREADABLE_AVRO,
        /** Not valid JSON, or JSON that is not one object. */
        INVALID_JSON,
        /** A JSON object without a field the contract requires. */
        JSON_MISSING_FIELD,
        /** A JSON field of the wrong type or outside its values. */
        JSON_WRONG_TYPE,
        /** A JSON time that cannot be read. */
        JSON_BAD_TIME,
        /** A JSON field the contract does not have. */
        JSON_UNKNOWN_FIELD
    }

    private static final long serialVersionUID = 1L;

    private final Kind kind;

    public UnreadableRecordException(Kind kind, String reason, Throwable cause) {
        super(reason, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The kind of a JSON contract breach. */
    static Kind of(JsonContractException.Rule rule) {
        return switch (rule) {
            case NOT_JSON -> Kind.INVALID_JSON;
            case MISSING_FIELD -> Kind.JSON_MISSING_FIELD;
            case WRONG_TYPE -> Kind.JSON_WRONG_TYPE;
            case BAD_TIME -> Kind.JSON_BAD_TIME;
            case UNKNOWN_FIELD -> Kind.JSON_UNKNOWN_FIELD;
        };
    }
}
