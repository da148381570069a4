package dev.casefile.app;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.config.ManagementSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A management port already taken: Casefile says which and how to change it, and leaves nothing running. */
class ManagementServerTest {

    @Test
    void aTakenPortFailsToStartAndStopsWhatHadStarted() throws Exception {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            ManagementSettings settings = new ManagementSettings(true, "127.0.0.1", taken.getLocalPort());
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ManagementServer.start(settings, metrics, new Health()));
            assertTrue(e.getMessage().startsWith("Cannot serve the management endpoints on 127.0.0.1:" + taken.getLocalPort()),
                    e.getMessage());
            assertTrue(e.getMessage().contains("management.port (CASEFILE_MANAGEMENT_PORT)"), e.getMessage());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> managementThreads().isEmpty());
        } finally {
            metrics.close();
        }
    }

    private static List<Thread> managementThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("casefile-management")).toList();
    }
}
