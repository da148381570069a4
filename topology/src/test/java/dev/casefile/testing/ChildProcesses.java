package dev.casefile.testing;

import java.util.concurrent.TimeUnit;

/** Ending the separate JVMs tests start (Casefile, a Connect worker) the way an operator or a crash would. */
public final class ChildProcesses {

    private ChildProcesses() {
    }

    /** SIGKILL, and wait up to 30 s for the process to be gone. */
    public static void kill(Process process) throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then SIGKILL if it has not stopped within 30 s; nothing if it is not running. */
    public static void stop(Process process) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill(process);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
