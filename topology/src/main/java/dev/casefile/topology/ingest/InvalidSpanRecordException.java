package dev.casefile.topology.ingest;

/** A span record Casefile cannot use; its message is the dead-letter reason, {@link #deadLetterCause()} its code. */
public final class InvalidSpanRecordException extends Exception {

    private static final long serialVersionUID = 1L;

    private final DeadLetterCause deadLetterCause;

    public InvalidSpanRecordException(DeadLetterCause cause, String reason) {
        super(reason);
        this.deadLetterCause = cause;
    }

    /** Why the record is unusable, as a code. */
    public DeadLetterCause deadLetterCause() {
        return deadLetterCause;
    }
}
