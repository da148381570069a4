package dev.casefile.testing;

import dev.casefile.app.CasefileApp;
import dev.casefile.config.CasefileConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** A running Casefile (2 partitions, a fresh application id) on a test's broker. */
public final class RunningCasefile {

    private RunningCasefile() {
    }

    /** Starts Casefile on {@code kafka} and returns once it is RUNNING. */
    public static CasefileApp start(EmbeddedKafkaExtension kafka, String applicationIdPrefix) throws InterruptedException {
        return start(kafka, applicationIdPrefix, Map.of());
    }

    /** The same, with {@code extra} settings. */
    public static CasefileApp start(EmbeddedKafkaExtension kafka, String applicationIdPrefix, Map<String, String> extra)
            throws InterruptedException {
        Map<String, String> settings = new HashMap<>(extra);
        settings.put(CasefileConfig.APPLICATION_ID, applicationIdPrefix + "-" + UUID.randomUUID());
        CasefileApp app = CasefileApp.start(TestSettings.config(kafka.bootstrapServers(), 2, settings));
        try {
            app.awaitRunning(Duration.ofSeconds(60));
            return app;
        } catch (RuntimeException | InterruptedException e) {
            app.close();
            throw e;
        }
    }
}
