package dev.casefile.console;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the console's responses, each with the same security headers. The referrer policy is
 * {@code same-origin}, not {@code no-referrer}: a browser under {@code no-referrer} sends
 * {@code Origin: null} on the console's own form posts, which the origin check must then refuse;
 * under {@code same-origin} other sites still learn nothing of the console's addresses. A response a client went
 * away from is counted, not logged one by one: a summary line at most once a minute.
 */
final class Reply {

    static final String JSON = "application/json; charset=utf-8";
    static final String NDJSON = "application/x-ndjson; charset=utf-8";
    static final String HTML = "text/html; charset=utf-8";
    private static final Logger LOG = LoggerFactory.getLogger(Reply.class);
    private static final long SUMMARY_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final HttpField[] SECURITY = {
        new HttpField(HttpHeader.CACHE_CONTROL, "no-store"),
        new HttpField("X-Content-Type-Options", "nosniff"),
        new HttpField("X-Frame-Options", "DENY"),
        new HttpField("Referrer-Policy", "same-origin"),
        new HttpField("Cross-Origin-Resource-Policy", "same-origin"),
    };

    private static final AtomicLong UNDELIVERED = new AtomicLong();
    private static final AtomicLong LAST_SUMMARY = new AtomicLong(System.nanoTime() - SUMMARY_EVERY_NANOS);

    private Reply() {
    }

    /** Adds the headers every console response carries. */
    static void secure(Response response) {
        secure(response.getHeaders());
    }

    /** Adds the headers every console response carries to {@code headers} (for Jetty's own answers, too). */
    static void secure(HttpFields.Mutable headers) {
        for (HttpField field : SECURITY) {
            headers.put(field);
        }
    }

    /**
     * Sends {@code body} with {@code status}; a HEAD request gets the same headers, Content-Length included,
     * and no body (Jetty sends none for HEAD).
     */
    static void send(Response response, Callback callback, int status, String type, byte[] body) {
        secure(response);
        response.setStatus(status);
        if (type != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), counted(callback));
    }

    static void json(Response response, Callback callback, int status, Object value) {
        send(response, callback, status, JSON, Json.GSON.toJson(value).getBytes(StandardCharsets.UTF_8));
    }

    static void error(Response response, Callback callback, ApiException e) {
        json(response, callback, e.status(), new Views.Error(e.status(), e.getMessage()));
    }

    /** A redirect to {@code location} (a path of this console), with no body. */
    static void seeOther(Response response, Callback callback, String location) {
        response.getHeaders().put(HttpHeader.LOCATION, location);
        send(response, callback, 303, null, new byte[0]);
    }

    /** Counts a response the client did not take (it closed the connection, or timed out). */
    private static Callback counted(Callback callback) {
        return Callback.from(callback::succeeded, failure -> {
            undelivered();
            callback.failed(failure);
        });
    }

    /** One more undelivered response; logs how many at most once a minute, without anything of the requests. */
    static void undelivered() {
        UNDELIVERED.incrementAndGet();
        long last = LAST_SUMMARY.get();
        long now = System.nanoTime();
        if (now - last >= SUMMARY_EVERY_NANOS && LAST_SUMMARY.compareAndSet(last, now)) {
            LOG.info("Console: {} responses undelivered since the last summary (clients closed or timed out)",
                    UNDELIVERED.getAndSet(0));
        }
    }
}
