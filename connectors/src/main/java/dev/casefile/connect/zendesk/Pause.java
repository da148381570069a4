package dev.casefile.connect.zendesk;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A wait that a task's {@code stop()} cuts short, so no rate-limit pause outlives the task. */
final class Pause {

    private final CountDownLatch stopped = new CountDownLatch(1);

    /** Waits up to {@code millis}; returns false if the task was stopped meanwhile. */
    boolean sleep(long millis) {
        if (millis <= 0) {
            return !isStopped();
        }
        try {
            return !stopped.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void stop() {
        stopped.countDown();
    }

    boolean isStopped() {
        return stopped.getCount() == 0;
    }
}
