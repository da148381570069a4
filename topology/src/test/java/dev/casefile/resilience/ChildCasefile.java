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

    /**
     * The business-key hash secret every child runs with: {@code run} refuses the public default. A test computing
     * the outputs it expects (email_hash included) does so under this secret too: {@link #EXPECTED_SETTINGS}.
     */
    static final String HASH_SECRET = "child-casefile-test-hash-secret-0123456789";
    /** The settings a test's own reference run needs to hash as the children do. */
    static final java.util.Map<String, String> EXPECTED_SETTINGS =
            java.util.Map.of(dev.casefile.config.CasefileConfig.BUSINESS_KEY_HASH_SECRET, HASH_SECRET);

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
        this.command.addAll(List.of("--business-key-hash-secret", HASH_SECRET));
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
