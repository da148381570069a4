package dev.casefile.resilience;

import dev.casefile.testing.ChildProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Casefile's runnable jar ({@code target/casefile.jar}, built by the package phase before the
 * integration tests) running as a separate JVM, so a test can kill it with SIGKILL.
 */
final class ChildCasefile implements AutoCloseable {

    private final List<String> command;
    private final Path log;
    private Process process;

    /** {@code settings}: flags after {@code run}, e.g. --bootstrap-servers ... */
    ChildCasefile(Path log, List<String> settings) {
        Path jar = Path.of("target", "casefile.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run the integration tests with mvn verify");
        }
        this.command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar.toString(), "run"));
        this.command.addAll(settings);
        // Several instances share this machine: the management endpoints take free ports.
        this.command.addAll(List.of("--management-port", "0"));
        this.log = log;
    }

    ChildCasefile start() throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return this;
    }

    /** SIGKILL: no shutdown hook, no clean close, no final commit. */
    void kill() throws InterruptedException {
        ChildProcesses.kill(process);
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGTERM, then SIGKILL if it has not stopped within 30 s. */
    @Override
    public void close() {
        ChildProcesses.stop(process);
    }
}
