package dev.casefile.connect.zendesk;

/**
 * A Zendesk request that did not succeed. {@link #retriable()} says whether the same request may
 * succeed later (rate limit, 5xx, network); otherwise the request itself is wrong (404, 422, 401).
 * Messages name the request and the status, never a ticket's content.
 */
public final class ZendeskException extends RuntimeException {

    private final int status;
    private final boolean retriable;

    ZendeskException(String message, int status, boolean retriable, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retriable = retriable;
    }

    /** The HTTP status, or 0 when no response came. */
    public int status() {
        return status;
    }

    public boolean retriable() {
        return retriable;
    }
}
