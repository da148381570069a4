package dev.casefile.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Worker} JVM started from this JVM's class path: its log goes to a file, its peak heap
 * (sampled) and peak RSS ({@code VmHWM}) are read as it runs.
 */
final class WorkerProcess implements AutoCloseable {

    private final Process process;
    private final CountDownLatch running = new CountDownLatch(1);
    private final AtomicLong peakHeap = new AtomicLong();
    private final AtomicLong windowHeap = new AtomicLong();
    private final Thread reader;
    private volatile long peakRss = -1;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.reader = new Thread(() -> read(log), "worker-output");
        reader.setDaemon(true);
        reader.start();
    }

    static WorkerProcess start(String app, List<String> jvmOptions, Map<String, String> settings, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Worker.class.getName());
        command.add(app);
        settings.forEach((k, v) -> {
            command.add("--" + k);
            command.add(v);
        });
        try {
            Files.createDirectories(log.getParent());
            return new WorkerProcess(new ProcessBuilder(command).redirectErrorStream(true).start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the " + app + " worker", e);
        }
    }

    private void read(Path log) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(Worker.PREFIX + "heap ")) {
                    long used = Long.parseLong(line.substring((Worker.PREFIX + "heap ").length()).trim());
                    peakHeap.accumulateAndGet(used, Math::max);
                    windowHeap.accumulateAndGet(used, Math::max);
                    peakRss = Math.max(peakRss, rss());
                } else if (line.equals(Worker.PREFIX + "running")) {
                    running.countDown();
                } else {
                    out.println(line);
                }
            }
        } catch (IOException e) {
            // the process ended; what it printed is in the log
        }
    }

    /** Waits until the app reports RUNNING. */
    void awaitRunning(Duration timeout) throws InterruptedException {
        if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("Worker not running after " + timeout + (process.isAlive() ? "" : " (it exited: see its log)"));
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long peakHeapBytes() {
        return peakHeap.get();
    }

    /** The most heap used in the samples since the last call (the soak's heap per minute). */
    long peakHeapSinceLastCall() {
        return windowHeap.getAndSet(0);
    }

    /** Resident set size now ({@code VmRSS}), -1 where there is no /proc. */
    long rssBytes() {
        return statusBytes("VmRSS:");
    }

    /** Peak resident set size in bytes, read from /proc while the worker ran (-1 where there is no /proc). */
    long peakRssBytes() {
        return peakRss;
    }

    private long rss() {
        long hwm = statusBytes("VmHWM:");
        return hwm < 0 ? peakRss : hwm;
    }

    private long statusBytes(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process just ended
        }
        return -1;
    }

    /** CPU time (user + system) the worker JVM used so far, in seconds, from /proc (-1 where there is none). */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // Fields 14 and 15 of stat (utime, stime) are 11 and 12 after the command name; in clock ticks of 1/100 s.
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** SIGKILL: no shutdown hook, no final commit, as a crash or an OOM kill would end it. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
        reader.join(5_000);
    }

    /** Stops the app cleanly (SIGTERM, its shutdown hook closes Kafka Streams) and waits for the JVM to end. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        reader.join(5_000);
    }
}
