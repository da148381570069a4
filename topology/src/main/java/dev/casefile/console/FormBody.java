package dev.casefile.console;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request's small body without holding a thread while it arrives, by the read-and-demand idiom of Jetty's
 * {@link Content.Source}: each chunk that is there is taken at once, and when none is, the reader asks to be called
 * back and returns. A body sent slowly, or not at all, so costs its connection and never one of the console's threads,
 * and only until its deadline: a body not in by then is a failure. (Jetty's own minimum data rate is enforced by its
 * servlet layers only, not for a core handler such as the console's.) At most {@code maxBytes + 1} bytes are kept, so
 * the caller can tell a body that is too long; the rest is left unread.
 */
final class FormBody implements Runnable {

    /** What becomes of the read: on the thread that read the last chunk, which may do blocking work. */
    interface Outcome {
        /** The whole body, or its first {@code maxBytes + 1} bytes when it is longer. */
        void read(byte[] body);

        /**
         * The body could not be read: it was not in by its deadline (a {@link TimeoutException}, told on the scheduler's
         * thread), the client went away, or the server is stopping.
         */
        void failed(Throwable cause);
    }

    private final Content.Source source;
    private final int maxBytes;
    private final Outcome outcome;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final AtomicBoolean told = new AtomicBoolean();
    /** Set just after the timer is started, so a deadline that fires first finds it unset. */
    private volatile Scheduler.Task deadline;

    private FormBody(Content.Source source, int maxBytes, Outcome outcome) {
        this.source = source;
        this.maxBytes = maxBytes;
        this.outcome = outcome;
    }

    /**
     * Starts reading {@code source}, which must be in whole within {@code within} ({@code scheduler} keeps that time);
     * {@code outcome} is told once, possibly before this returns.
     */
    static void read(Content.Source source, int maxBytes, Scheduler scheduler, Duration within, Outcome outcome) {
        FormBody body = new FormBody(source, maxBytes, outcome);
        body.deadline = scheduler.schedule(() -> body.tell(() -> outcome.failed(
                new TimeoutException("the body was not in within " + within.toMillis() + " ms"))),
                within.toMillis(), TimeUnit.MILLISECONDS);
        body.run();
    }

    /** Runs {@code telling} unless the outcome was told already: once, by the reader or by the deadline. */
    private void tell(Runnable telling) {
        if (told.compareAndSet(false, true)) {
            Scheduler.Task timer = deadline;
            if (timer != null) {
                timer.cancel();
            }
            telling.run();
        }
    }

    /** Takes every chunk that is there; called again by Jetty when more arrives. */
    @Override
    public void run() {
        while (!told.get()) {
            Content.Chunk chunk = source.read();
            if (chunk == null) {
                source.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                tell(() -> outcome.failed(chunk.getFailure()));
                return;
            }
            ByteBuffer buffer = chunk.getByteBuffer();
            int keep = Math.min(buffer.remaining(), maxBytes + 1 - bytes.size());
            byte[] part = new byte[keep];
            buffer.get(part);
            bytes.writeBytes(part);
            boolean last = chunk.isLast();
            chunk.release();
            if (last || bytes.size() > maxBytes) {
                byte[] body = bytes.toByteArray();
                tell(() -> outcome.read(body));
                return;
            }
        }
    }
}
