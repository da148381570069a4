package dev.casefile.app;

import dev.casefile.config.CasefileConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's lasting name in the consumer group ({@code group.instance.id}): the configured
 * {@code instance.id}, else one generated on the first start and kept in {@value #FILE} in the state
 * directory. The name goes with the local state, so an instance restarted on the same state
 * directory is the same static member, and Kafka hands it back its partitions without a rebalance.
 * A copied state volume copies the id too: two instances with one id fence each other.
 */
public final class InstanceId {

    static final String FILE = "casefile-instance-id";

    private static final Logger LOG = LoggerFactory.getLogger(InstanceId.class);

    private InstanceId() {
    }

    /** The configured {@code instance.id}, else the one kept in (or now generated into) {@code stateDir}. */
    public static String of(CasefileConfig config, Path stateDir) {
        return config.instanceId().orElseGet(() -> keptIn(stateDir));
    }

    private static String keptIn(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!kept.isEmpty()) {
                    return kept;
                }
            }
            String generated = "casefile-" + UUID.randomUUID();
            Files.createDirectories(stateDir);
            // Written whole or not at all: a crash mid-write must not leave an empty or cut id behind.
            Path written = Files.writeString(stateDir.resolve(FILE + ".tmp"), generated + "\n", StandardCharsets.UTF_8);
            Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            LOG.info("Instance id {} generated and kept in {}", generated, file);
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or keep the instance id in " + file
                    + " (set instance.id, or make state.dir writable)", e);
        }
    }
}
