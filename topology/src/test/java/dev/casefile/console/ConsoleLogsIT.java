package dev.casefile.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.testing.ChildProcesses;
import dev.casefile.testing.EmbeddedKafkaExtension;
import dev.casefile.testing.RawHttp;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Casefile's runnable jar, as an operator runs it ({@code run}, its own logging configuration,
 * {@code --log-level DEBUG}), asked on every route with every method, HEAD included, with an email
 * and a marker in the path, the query and the headers, signed in and not, well-formed and not;
 * then its whole log is searched for either. The console logs each request's route template and
 * status, and nothing of what was asked.
 */
@Tag("integration")
@Timeout(240)
class ConsoleLogsIT {

    private static final String TOKEN = "logs-test-console-token-0123456789";
    private static final String EMAIL = "pat@acme.example";
    private static final String MARKER = "zq7MarkerXv";
    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @Test
    void noRequestTextReachesTheLogsAtDebug(@TempDir Path dir) throws Exception {
        Path jar = Path.of("target", "casefile.jar");
        assertTrue(Files.exists(jar), jar.toAbsolutePath() + " is built by the package phase before the integration tests");
        int port = freePort();
        Path log = dir.resolve("casefile.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-jar", jar.toString(), "run", "--bootstrap-servers", kafka.bootstrapServers(),
                "--application-id", "console-logs-" + UUID.randomUUID(), "--state-dir", dir.resolve("state").toString(),
                "--management-port", "0", "--log-level", "DEBUG", "--console-enabled", "true",
                "--console-port", Integer.toString(port), "--console-token", TOKEN,
                "--business-key-hash-secret", "logs-test-secret-" + UUID.randomUUID())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String base = "http://127.0.0.1:" + port;
        int requests = 0;
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> RawHttp.request(base, "GET", "/api/alerts", TOKEN).status() == 200);
            for (String target : targets()) {
                for (String method : METHODS) {
                    for (String token : new String[] {TOKEN, null}) {
                        RawHttp.Response r = RawHttp.send(base, method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                                + (token == null ? "" : "\r\nAuthorization: Bearer " + token)
                                + "\r\nUser-Agent: " + MARKER + "\r\nReferer: http://127.0.0.1:" + port + "/" + EMAIL
                                + "\r\nX-Forwarded-For: " + MARKER + "\r\nCookie: casefile_session=" + EMAIL + "." + MARKER
                                + (method.equals("POST") ? "\r\nOrigin: http://127.0.0.1:" + port
                                        + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                                        + form().length() + "\r\n\r\n" + form() : ""));
                        assertTrue(r.status() >= 200 && r.status() < 600, target);
                        assertFalse(r.text().contains(EMAIL) || r.text().contains(MARKER), method + " " + target + " echoed");
                        requests++;
                    }
                }
            }
            // A Host naming another site, a malformed URI, and a client that goes away mid-request.
            RawHttp.send(base, "GET /api/search?q=" + EMAIL + " HTTP/1.1\r\nHost: " + MARKER + ".example");
            RawHttp.send(base, "GET /api/alerts HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nHost: " + EMAIL + MARKER);
            RawHttp.send(base, "GET /api/complaints/%zz" + MARKER + " HTTP/1.1\r\nHost: 127.0.0.1:" + port);
            for (int i = 0; i < 20; i++) {
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    OutputStream out = socket.getOutputStream();
                    out.write(("GET /api/traces/" + EMAIL + MARKER + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
        } finally {
            ChildProcesses.stop(child);
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(requests > 100, "requests made: " + requests);
        assertTrue(text.contains("Console GET /api/complaints/{id} -> "), "the console logs routes at DEBUG:\n" + tail(text));
        assertTrue(text.contains("Console HEAD /api/traces/{id} -> "), tail(text));
        for (String secret : List.of(EMAIL, MARKER, "pat%40acme", TOKEN)) {
            int at = text.indexOf(secret);
            assertEquals(-1, at, secret + " reached the log: " + (at < 0 ? "" : text.substring(Math.max(0, at - 300),
                    Math.min(text.length(), at + 100))));
        }
        for (String line : text.split("\n")) {
            boolean consoleOrJetty = line.contains(".console.") || line.contains("jetty");
            assertFalse(consoleOrJetty && (line.contains(" WARN ") || line.contains(" ERROR ")), "the console warns: " + line);
        }
    }

    /** Every route's template with the email and the marker in its ids and query, and some that are no route. */
    private static List<String> targets() {
        String q = "?q=" + EMAIL + "&email=" + EMAIL + "&key=" + MARKER + "&" + MARKER + "=" + EMAIL;
        List<String> targets = new ArrayList<>();
        for (Route route : Route.values()) {
            String path = route.template().replace("{id}", EMAIL + MARKER);
            targets.add((route == Route.UNKNOWN ? "/" + EMAIL + "/" + MARKER : path) + q);
        }
        targets.add("/api/complaints/" + "pat%40acme.example" + MARKER);
        targets.add("/" + MARKER + EMAIL);
        return targets;
    }

    private static String form() {
        return "token=" + EMAIL + MARKER;
    }

    private static String tail(String text) {
        return text.substring(Math.max(0, text.length() - 3000));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
