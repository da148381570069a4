package dev.casefile.connect.zendesk;

/**
 * A Zendesk request that did not succeed. {@link #retriable()} says whether the same request may
 * succeed later (rate limit, 5xx, network, an edit conflict); otherwise the request itself is wrong
 * (404, 422, 401). {@link #retryAfterMs()} is how long to wait before trying again: Zendesk's
 * {@code Retry-After}, or a back-off. Messages name the request and the status, never a ticket's
 * content.
 */
public final class ZendeskException extends RuntimeException {

    private final int status;
    private final boolean retriable;
    private final long retryAfterMs;

    ZendeskException(String message, int status, boolean retriable, long retryAfterMs, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retriable = retriable;
        this.retryAfterMs = retryAfterMs;
    }

    /** The HTTP status, or 0 when no response came. */
    public int status() {
        return status;
    }

    public boolean retriable() {
        return retriable;
    }

    /** For a retriable failure: the least wait before the next try. */
    public long retryAfterMs() {
        return retryAfterMs;
    }
}
