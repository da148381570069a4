package dev.casefile.testing;

import dev.casefile.kafka.EmbeddedKafka;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real in-process KRaft broker for an integration test. On a static field
 * ({@code @RegisterExtension static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();})
 * one broker serves every test of the class; on an instance field each test gets its own.
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    private EmbeddedKafka broker;
    private boolean perTest;

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = EmbeddedKafka.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (broker == null) {
            perTest = true;
            broker = EmbeddedKafka.start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    /** The broker's address, {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** The running broker. */
    public EmbeddedKafka broker() {
        if (broker == null) {
            throw new IllegalStateException("the broker runs only while a test of its class does");
        }
        return broker;
    }

    private void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
