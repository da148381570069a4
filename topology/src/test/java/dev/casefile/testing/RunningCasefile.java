package dev.casefile.testing;

import dev.casefile.app.CasefileApp;
import dev.casefile.config.CasefileConfig;
import dev.casefile.kafka.EmbeddedKafka;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** An embedded broker and a running Casefile on it (2 partitions, a fresh application id), for integration tests. */
public final class RunningCasefile implements AutoCloseable {

    private final EmbeddedKafka kafka;
    private final CasefileApp app;

    private RunningCasefile(EmbeddedKafka kafka, CasefileApp app) {
        this.kafka = kafka;
        this.app = app;
    }

    /** Starts both and returns once Casefile is RUNNING. */
    public static RunningCasefile start(String applicationIdPrefix) throws InterruptedException {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        try {
            CasefileApp app = CasefileApp.start(TestSettings.config(kafka.bootstrapServers(), 2,
                    Map.of(CasefileConfig.APPLICATION_ID, applicationIdPrefix + "-" + UUID.randomUUID())));
            app.awaitRunning(Duration.ofSeconds(60));
            return new RunningCasefile(kafka, app);
        } catch (RuntimeException | InterruptedException e) {
            kafka.close();
            throw e;
        }
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public CasefileApp app() {
        return app;
    }

    @Override
    public void close() {
        app.close();
        kafka.close();
    }
}
