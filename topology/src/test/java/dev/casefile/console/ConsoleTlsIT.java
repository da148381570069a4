package dev.casefile.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.app.CasefileApp;
import dev.casefile.config.ConsoleConfig;
import dev.casefile.demo.WorkedExample;
import dev.casefile.testing.ConsoleCasefile;
import dev.casefile.testing.ConsoleClient;
import dev.casefile.testing.EmbeddedKafkaExtension;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances serving the console over HTTPS from one keystore (made by the JDK's keytool, for
 * 127.0.0.1): clients and the instances' calls to each other speak TLS, plain HTTP gets nothing,
 * and the session cookie is Secure and {@code __Host-} prefixed.
 */
@Tag("integration")
@Timeout(300)
class ConsoleTlsIT {

    private static final String PASSWORD = "tls-test-keystore-password";

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @Test
    void bothInstancesServeAndAskEachOtherOverHttps(@TempDir Path dir) throws Exception {
        Path keystore = keystore(dir);
        Map<String, String> tls = Map.of(ConsoleConfig.CONSOLE_TLS_KEYSTORE_PATH, keystore.toString(),
                ConsoleConfig.CONSOLE_TLS_KEYSTORE_PASSWORD, PASSWORD);
        String applicationId = "console-tls-" + UUID.randomUUID();
        try (CasefileApp first = ConsoleCasefile.start(kafka.bootstrapServers(), applicationId, tls);
             CasefileApp second = ConsoleCasefile.start(kafka.bootstrapServers(), applicationId, tls)) {
            first.awaitRunning(Duration.ofSeconds(90));
            second.awaitRunning(Duration.ofSeconds(90));
            SSLContext trust = trusting(keystore);
            List<ConsoleClient> consoles = List.of(
                    new ConsoleClient(first.console().orElseThrow().url(), ConsoleCasefile.TOKEN, trust),
                    new ConsoleClient(second.console().orElseThrow().url(), ConsoleCasefile.TOKEN, trust));
            assertTrue(consoles.get(0).base().startsWith("https://127.0.0.1:"), consoles.get(0).base());
            await().atMost(Duration.ofSeconds(90)).until(() -> running(first) && running(second)
                    && first.streams().metadataForAllStreamsClients().size() == 2);
            ConsoleCasefile.publish(first, 30, 5);
            String worked = "/api/complaints/" + ConsoleApiIT.WORKED;
            // Whichever instance owns the complaint, each answers it: one of them over HTTPS from the other.
            for (ConsoleClient console : consoles) {
                await().atMost(Duration.ofSeconds(90)).until(() -> console.get(worked).status() == 200);
                assertEquals(200, console.get("/api/complaints", "workspace", WorkedExample.WORKSPACE).status());
            }
            ConsoleClient.Response signIn = consoles.get(1).signIn(ConsoleCasefile.TOKEN);
            String setCookie = signIn.raw().headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(setCookie.startsWith("__Host-casefile_session=") && setCookie.contains("; Secure")
                    && setCookie.contains("Path=/"), setCookie);
            String cookie = ConsoleClient.sessionCookie(signIn);
            assertEquals(200, consoles.get(0).getWithCookie(cookie, worked).status());
            ConsoleClient plain = new ConsoleClient(consoles.get(0).base().replace("https://", "http://"),
                    ConsoleCasefile.TOKEN);
            assertThrows(UncheckedIOException.class, () -> plain.get(worked), "plain HTTP is not spoken");
        }
    }

    private static boolean running(CasefileApp app) {
        return app.streams().state() == KafkaStreams.State.RUNNING;
    }

    /** A PKCS12 keystore with one EC key and a self-signed certificate for 127.0.0.1 and localhost. */
    private static Path keystore(Path dir) throws Exception {
        Path keystore = dir.resolve("console.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "console", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0,
                new String(keytool.getInputStream().readAllBytes()));
        return keystore;
    }

    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
