package dev.casefile.topology.ingest;

/** A span record Casefile cannot use; its message is the dead-letter reason. */
public final class InvalidSpanRecordException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidSpanRecordException(String reason) {
        super(reason);
    }
}
