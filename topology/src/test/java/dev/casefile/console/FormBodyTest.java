package dev.casefile.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.content.AsyncContent;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FormBodyTest {

    private static final Duration AMPLE = Duration.ofMinutes(1);
    private final ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler("form-body-test", true);

    @BeforeEach
    void start() throws Exception {
        scheduler.start();
    }

    @AfterEach
    void stop() throws Exception {
        scheduler.stop();
    }

    /** Records the one outcome, on whatever thread gave it. */
    private static final class Recorded implements FormBody.Outcome {
        byte[] body;
        Throwable failure;
        int outcomes;
        final CountDownLatch told = new CountDownLatch(1);

        @Override
        public void read(byte[] body) {
            this.body = body;
            outcomes++;
            told.countDown();
        }

        @Override
        public void failed(Throwable cause) {
            this.failure = cause;
            outcomes++;
            told.countDown();
        }
    }

    private static void write(AsyncContent content, boolean last, String text) {
        content.write(last, ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), Callback.NOOP);
    }

    @Test
    void aBodyArrivingInPiecesIsReadWhenItsLastPieceComesAndNotBefore() {
        AsyncContent content = new AsyncContent();
        Recorded recorded = new Recorded();
        write(content, false, "token=");
        FormBody.read(content, 64, scheduler, AMPLE, recorded);
        assertEquals(0, recorded.outcomes, "the reader returned, waiting for more, without an outcome");
        write(content, false, "abc");
        assertEquals(0, recorded.outcomes);
        write(content, true, "def");
        assertEquals(1, recorded.outcomes);
        assertArrayEquals("token=abcdef".getBytes(StandardCharsets.US_ASCII), recorded.body);
        assertNull(recorded.failure);
    }

    @Test
    void aBodyAlreadyThereIsReadBeforeReadReturns() {
        AsyncContent content = new AsyncContent();
        write(content, true, "token=x");
        Recorded recorded = new Recorded();
        FormBody.read(content, 64, scheduler, AMPLE, recorded);
        assertEquals(1, recorded.outcomes);
        assertArrayEquals("token=x".getBytes(StandardCharsets.US_ASCII), recorded.body);
    }

    @Test
    void aBodyLongerThanTheLimitStopsOneByteBeyondIt() {
        AsyncContent content = new AsyncContent();
        Recorded recorded = new Recorded();
        FormBody.read(content, 8, scheduler, AMPLE, recorded);
        write(content, false, "token=12");
        assertEquals(0, recorded.outcomes, "exactly the limit is not yet too long");
        write(content, false, "345678");
        assertEquals(1, recorded.outcomes, "told as soon as the limit is passed, without waiting for the rest");
        assertArrayEquals("token=123".getBytes(StandardCharsets.US_ASCII), recorded.body);
    }

    @Test
    void aBodyCutOffPartWayIsAFailureWithItsCause() {
        AsyncContent content = new AsyncContent();
        Recorded recorded = new Recorded();
        FormBody.read(content, 64, scheduler, AMPLE, recorded);
        write(content, false, "tok");
        TimeoutException tooSlow = new TimeoutException("idle");
        content.fail(tooSlow);
        assertEquals(1, recorded.outcomes);
        assertSame(tooSlow, recorded.failure);
        assertNull(recorded.body);
    }

    @Test
    void aBodyNotInByItsDeadlineIsATimeoutAndWhatComesLaterIsIgnored() throws InterruptedException {
        AsyncContent content = new AsyncContent();
        Recorded recorded = new Recorded();
        FormBody.read(content, 64, scheduler, Duration.ofMillis(200), recorded);
        write(content, false, "token=");
        assertTrue(recorded.told.await(10, TimeUnit.SECONDS), "the deadline passed without an outcome");
        assertTrue(recorded.failure instanceof TimeoutException, String.valueOf(recorded.failure));
        write(content, true, "late");
        assertEquals(1, recorded.outcomes, "told once");
        assertNull(recorded.body);
    }

    @Test
    void aBodyInBeforeItsDeadlineIsNotFailedByIt() throws InterruptedException {
        AsyncContent content = new AsyncContent();
        Recorded recorded = new Recorded();
        FormBody.read(content, 64, scheduler, Duration.ofMillis(100), recorded);
        write(content, true, "token=x");
        Thread.sleep(300);
        assertEquals(1, recorded.outcomes, "told once, by the reader");
        assertNull(recorded.failure);
    }
}
